// `--help` as a user reads it: every server command documents the whole exit-code table.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {EXIT_CODE_HELP} from '../../src/lib/exit-codes.js'
import {runCli} from '../helpers/cli.js'
import {assertExit} from './support.js'

const COMMANDS = [['job', 'start'], ['job', 'status'], ['job', 'list'], ['job', 'output'], ['job', 'watch'], ['job', 'feed'], ['node', 'status'], ['zero']]

describe('e2e: --help', () => {
  for (const command of COMMANDS) {
    it(`pushy ${command.join(' ')} --help lists every exit code`, async () => {
      const result = await runCli([...command, '--help'])
      assertExit(result, 0)
      assert.equal(result.stderr, '')
      const section = result.stdout.slice(result.stdout.indexOf('EXIT CODES'))
      assert.ok(section.length > 0, `no EXIT CODES section:\n${result.stdout}`)
      for (const [code, meaning] of EXIT_CODE_HELP) {
        // oclif wraps long lines; the code and the start of its meaning stay on one line
        assert.match(section, new RegExp(`^\\s+${code}  ${meaning.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'))
      }
    })
  }
})
