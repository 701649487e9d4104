// The mistakes and conveniences of a stranger's first hour, each said in one good line:
// a job id that is not there, output that is not there (and why), a misspelt node name, `last`,
// every node with `node status --all`, and help that reads right.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {runCli} from '../helpers/cli.js'
import {helpText} from '../helpers/in-process.js'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {assertExit, e2eServer, type E2e} from './support.js'

const UNKNOWN_ID = '0123456789abcdef0123456789abcdef'
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('Error:'))

describe('e2e: a first hour without rough edges', () => {
  let e: E2e
  let captured: string
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('web-1'), fleetNode('web-2'), fleetNode('down-1', {online: false}))})
    const result = await e.run(['job', 'start', 'chef-client', 'web-1', 'web-2', 'down-1', '--quorum', '2', '--capture'])
    assertExit(result, 0)
    captured = /Job ID: ([0-9a-f]{32})/.exec(result.stderr)![1]!
  })
  after(() => e.close())

  it('job watch of an unknown id says what job status says', async () => {
    const status = await e.run(['job', 'status', UNKNOWN_ID])
    const watch = await e.run(['job', 'watch', UNKNOWN_ID])
    assertExit(status, 6)
    assertExit(watch, 6)
    assert.deepEqual(errorLines(watch.stderr), errorLines(status.stderr))
    assert.match(errorLines(watch.stderr)[0]!, new RegExp(`^Error: job ${UNKNOWN_ID} not found on this server\\. Hint: list recent jobs`))
  })

  it('job output says per node why there is nothing: not in the job, did not run, nothing printed', async () => {
    const result = await e.run(['job', 'output', captured, 'web-1', 'down-1', 'nosuch'])
    assertExit(result, 0)
    assert.match(result.stderr, /^down-1 did not run the command \(it is unavailable\), so it has no output$/m)
    assert.match(result.stderr, new RegExp(`^Warning: nosuch is not a node of job ${captured}$`, 'm'))
    assert.doesNotMatch(result.stderr, /--capture/, 'the job was captured: no advice to capture it')
  })

  it('job output of a job started without --capture says so once, in the Error line', async () => {
    const plain = await e.run(['job', 'start', 'chef-client', 'web-1'])
    const id = /Job ID: ([0-9a-f]{32})/.exec(plain.stderr)![1]!
    const result = await e.run(['job', 'output', id])
    assertExit(result, 6)
    assert.equal(result.stderr, `Error: no captured output for job ${id}: it was started without --capture. Hint: start jobs with --capture to keep their output\n`)
  })

  it('a misspelt node name is said to be unknown to the Chef server, not just unavailable', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-1', 'wbe-2', '--quorum', '1'])
    assertExit(result, 0)
    assert.match(result.stderr, /^Warning: the Chef server knows no node named wbe-2: a typo\?/m)
    assert.doesNotMatch(result.stderr, /no node named down-1/)

    const dry = await e.run(['job', 'start', 'chef-client', 'web-1', 'wbe-2', 'down-1', '--dry-run'])
    assertExit(dry, 3)
    assert.match(dry.stderr, /^Warning: the Chef server knows no node named wbe-2: a typo\?/m)
  })

  it('a job whose node nacked says why a node nacks', async () => {
    const busy = await e2eServer({fleet: fleetOf(fleetNode('b-1', {vote: 'nack'}), fleetNode('b-2'))})
    try {
      const result = await busy.run(['job', 'start', 'chef-client', 'b-1', 'b-2', '--quorum', '1'])
      assert.match(result.stderr, /^1 of 2 nodes nacked \(busy, or `chef-client` is not in the node's whitelist\): b-1$/m)
    } finally {
      await busy.close()
    }
  })

  it('`last` names the newest job for status, watch and output', async () => {
    const started = await e.run(['job', 'start', 'chef-client', 'web-2', '--capture'])
    const id = /Job ID: ([0-9a-f]{32})/.exec(started.stderr)![1]!
    for (const command of [['job', 'status', 'last'], ['job', 'watch', 'last'], ['job', 'output', 'last', '--json']]) {
      const result = await e.run([...command, '--json'].filter((word, index, all) => all.indexOf(word) === index))
      assertExit(result, 0)
      assert.ok(result.stdout.includes(command[1] === 'output' ? 'web-2' : id), `${command.join(' ')}:\n${result.stdout}`)
    }
  })

  it('node status --all lists offline nodes too (the server lists only connected ones)', async () => {
    const connected = await e.run(['node', 'status'])
    const all = await e.run(['node', 'status', '--all'])
    assertExit(all, 0)
    assert.doesNotMatch(connected.stdout, /down-1/)
    assert.equal(all.stdout, 'down-1\tunavailable\nweb-1\tavailable\nweb-2\tavailable\n')
  })

  it('help: usage lines take one command (or job), and --json is not "same as -F" where there is no -F', async () => {
    const start = await runCli(['job', 'start', '--help'])
    assert.match(start.stdout, /^ {2}\$ pushy job start COMMAND \[NODE\.\.\.\] \[-s QUERY\] \[FLAGS\]$/m)
    const output = await runCli(['job', 'output', '--help'])
    assert.match(output.stdout, /^ {2}\$ pushy job output JOB \[NODE\.\.\.\] \[FLAGS\]$/m)
    for (const help of [output.stdout, (await runCli(['job', 'feed', '--help'])).stdout]) {
      assert.doesNotMatch(help, /-F json/)
      assert.match(help, /--json +print JSON instead of text/)
    }
    // the other help tests render it in-process (helpText): it is what the built CLI prints
    assert.equal(await helpText(['job', 'start']), start.stdout)
    assert.equal(await helpText([]), (await runCli(['--help'])).stdout)
  })
})
