import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {generateParserSource, PARSER_PATH} from './parser-source.js'

describe('committed search parser', () => {
  it('is what peggy makes of chef-query.peggy (regenerate: see parser-source.ts)', () => {
    assert.ok(readFileSync(PARSER_PATH, 'utf8') === generateParserSource(), 'src/lib/zero/search/chef-query.generated.js is out of date')
  })
})
