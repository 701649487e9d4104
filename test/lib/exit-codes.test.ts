// The one exit-code table: the module, cli.md's table and every command's --help must agree.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'
import {EXIT_CODE_HELP, ExitCode} from '../../src/lib/exit-codes.js'

const CLI_MD = fileURLToPath(new URL('../../../shared/spec/cli.md', import.meta.url))

/** The codes in cli.md's "Exit codes (all commands)" table, in order. */
function specCodes(): number[] {
  const text = readFileSync(CLI_MD, 'utf8')
  const section = text.slice(text.indexOf('## Exit codes'))
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')))
  return [...table.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]))
}

describe('exit codes', () => {
  it('are the codes of cli.md, in its order', () => {
    assert.deepEqual(Object.values(ExitCode), specCodes())
  })

  it('are each documented once in the --help table', () => {
    assert.deepEqual(
      EXIT_CODE_HELP.map(([code]) => code),
      Object.values(ExitCode),
    )
    for (const [, meaning] of EXIT_CODE_HELP) assert.ok(meaning.length > 10)
  })
})
