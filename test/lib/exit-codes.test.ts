// The one exit-code table: the module, docs/exit-codes.md and every command's --help must agree.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'
import {EXIT_CODE_HELP, ExitCode} from '../../src/lib/exit-codes.js'

const DOC = fileURLToPath(new URL('../../docs/exit-codes.md', import.meta.url))

/** The codes in the table of docs/exit-codes.md, in order. */
function documentedCodes(): number[] {
  const section = readFileSync(DOC, 'utf8')
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')))
  return [...table.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]))
}

describe('exit codes', () => {
  it('are the codes of docs/exit-codes.md, in its order', () => {
    assert.deepEqual(Object.values(ExitCode), documentedCodes())
  })

  it('are each documented once in the --help table', () => {
    assert.deepEqual(
      EXIT_CODE_HELP.map(([code]) => code),
      Object.values(ExitCode),
    )
    for (const [, meaning] of EXIT_CODE_HELP) assert.ok(meaning.length > 10)
  })
})
