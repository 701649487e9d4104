// `--help` as a user reads it (rendered in-process by pushy's help class, test/helpers/in-process.ts): every
// server command documents the whole exit-code table, laid out so that a long meaning wraps under
// itself; `pushy zero` documents its own codes only.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {EXIT_CODE_HELP} from '../../src/lib/exit-codes.js'
import {helpText} from '../helpers/in-process.js'

const COMMANDS = [['job', 'start'], ['job', 'status'], ['job', 'list'], ['job', 'output'], ['job', 'watch'], ['job', 'feed'], ['node', 'status']]
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function exitCodeSection(command: string[]): Promise<string> {
  const help = await helpText(command)
  const start = help.indexOf('EXIT CODES')
  assert.ok(start >= 0, `no EXIT CODES section:\n${help}`)
  return help.slice(start, help.indexOf('\n\n', start))
}

describe('e2e: --help', () => {
  for (const command of COMMANDS) {
    it(`pushy ${command.join(' ')} --help lists every exit code`, async () => {
      const section = await exitCodeSection(command)
      for (const [code, meaning] of EXIT_CODE_HELP) assert.match(section, new RegExp(`^  ${code} +${escape(meaning.slice(0, 12))}`, 'm'))
      // a wrapped meaning continues under its own start, never at the margin
      const lines = section.split('\n').slice(1)
      const meaningColumn = lines[0]!.indexOf('success')
      for (const line of lines) assert.ok(/^  \d+ +\S/.test(line) || line.startsWith(' '.repeat(meaningColumn)), `badly wrapped: ${JSON.stringify(line)}`)
    })
  }

  it('pushy zero --help lists its own exit codes, not a job\'s', async () => {
    const section = await exitCodeSection(['zero'])
    assert.deepEqual([...section.matchAll(/^  (\d+) /gm)].map((match) => Number(match[1])), [0, 2, 70])
    assert.match(section, /^  0 +stopped with Ctrl-C/m)
    assert.match(section, /^  2 +bad flag or fleet file, or the port is in use/m)
  })
})
