// `pushy job start` as a user runs it: transcript on stderr, knife's summary (or --json) on
// stdout, and the exit code of docs/exit-codes.md's table for every way a job can end.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf, getJob, waitForJobStatus} from '../helpers/zero.js'
import {assertExit, assertRunningCounts, e2eServer, expectedSummary, knifeText, sortNodes, spawnCli, startedId, transcriptRe, type E2e} from './support.js'

const fleet = fleetOf(
  fleetNode('web-c'),
  fleetNode('web-a'),
  fleetNode('web-b', {delayMs: 60}),
  fleetNode('bad-1', {run: 'fail'}),
  fleetNode('busy-1', {vote: 'nack'}),
  fleetNode('down-1', {online: false}),
  fleetNode('hang-1', {run: 'hang'}),
  fleetNode('hang-2', {run: 'hang'}),
)

describe('e2e: job start', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet})
  })
  after(async () => {
    await e.close()
  })

  const posts = () => e.ts.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pushy/jobs'))

  it('success: knife transcript on stderr, knife summary on stdout with sorted node lists, exit 0', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-c', 'web-a', 'web-b'])
    assertExit(result, 0)
    const id = startedId(result.stderr)
    assert.match(result.stderr, transcriptRe(id, 3, 'Complete.'))
    assertRunningCounts(result.stderr, 3)
    const job = await getJob(e.ts, id)
    assert.equal(job.status, 'complete')
    // the knife layout, written out by hand
    assert.equal(
      result.stdout,
      [
        'command:     chef-client',
        `created_at:  ${job.created_at}`,
        `id:          ${id}`,
        'nodes:',
        '  succeeded:',
        '    web-a',
        '    web-b',
        '    web-c',
        'run_timeout: 3600',
        'status:      complete',
        `updated_at:  ${job.updated_at}`,
        '',
      ].join('\n'),
    )
    assert.equal(result.stdout, knifeText(sortNodes(job)))
  })

  it('success --json: stdout is only the final job object (node lists sorted)', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-c', 'web-b', 'web-a', '--json'])
    assertExit(result, 0)
    const id = startedId(result.stderr)
    const parsed = JSON.parse(result.stdout)
    const job = await getJob(e.ts, id)
    assert.deepEqual(parsed, sortNodes(job))
    assert.deepEqual(parsed.nodes.succeeded, ['web-a', 'web-b', 'web-c'])
    assert.match(result.stderr, transcriptRe(id, 3, 'Complete.'))
  })

  it('a node failure: exit 1, summary on stdout, verdict line naming the node on stderr', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'bad-1'])
    assertExit(result, 1)
    const id = startedId(result.stderr)
    assert.match(result.stderr, transcriptRe(id, 2, 'Complete.', '1 of 2 nodes failed: bad-1\\n'))
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^  failed: {4}bad-1$/m)
  })

  it('a nacked node is tolerated (exit 0) without --strict', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'busy-1', '--quorum', '1'])
    assertExit(result, 0)
    const id = startedId(result.stderr)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^  nacked: {4}busy-1$/m)
    assert.ok(!/^Error: /m.test(result.stderr), result.stderr)
  })

  it('--strict with a nacked node: exit 1, and the verdict names it', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'busy-1', '--quorum', '1', '--strict'])
    assertExit(result, 1)
    const id = startedId(result.stderr)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stderr, /busy-1/)
  })

  it('quorum_failed: --quorum 100% with an offline node → exit 3, Quorum_failed. on stderr', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'web-b', 'web-c', 'down-1', '--quorum', '100%'])
    assertExit(result, 3)
    const id = startedId(result.stderr)
    // the verdict, then why the node did not run
    assert.match(result.stderr, transcriptRe(id, 4, 'Quorum_failed.', '.*down-1.*\\n.*unavailable \\(their push client is not connected\\): down-1\\n'))
    const summary = await expectedSummary(e.ts, id)
    assert.equal(result.stdout, summary)
    assert.match(result.stdout, /^status: {6}quorum_failed$/m)
  })

  it('quorum 75% of the same four nodes passes: exit 0, the offline node unavailable', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'web-b', 'web-c', 'down-1', '--quorum', '75%'])
    assertExit(result, 0)
    const id = startedId(result.stderr)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^  unavailable: down-1$/m)
    assert.match(result.stdout, /^status: {6}complete$/m)
  })

  it('timed_out: run: hang with --timeout 1 → exit 4', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'hang-1', '--timeout', '1'])
    assertExit(result, 4)
    const id = startedId(result.stderr)
    assert.match(result.stderr, transcriptRe(id, 2, 'Timed_out.', '.*hang-1.*\\n'))
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^run_timeout: 1$/m)
    assert.match(result.stdout, /^  timed_out: hang-1$/m)
  })

  it('--dry-run sends nothing (no POST), says whether the quorum would be met', async () => {
    const before = posts().length
    const ok = await e.run(['job', 'start', 'chef-client', 'web-a', 'down-1', '--quorum', '50%', '--dry-run'])
    assertExit(ok, 0)
    const fails = await e.run(['job', 'start', 'chef-client', 'web-a', 'down-1', '--dry-run'])
    assertExit(fails, 3)
    assert.equal(posts().length, before, 'a dry run must not POST a job')
    assert.ok(!/Started\./.test(ok.stderr + fails.stderr))
    const nodeStateCalls = e.ts.requests.filter((r) => r.url.includes('/pushy/node_states'))
    assert.ok(nodeStateCalls.length > 0, 'dry run checks availability with node_states')
  })

  it('--nowait: the id alone on stdout, Started. on stderr, exit 0; the job runs on', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'web-a', 'web-b', '--nowait'])
    assertExit(result, 0)
    assert.match(result.stdout, /^[0-9a-f]{32}\n$/)
    const id = result.stdout.trim()
    assert.equal(result.stderr, `Started.  Job ID: ${id}\n`)
    const job = await waitForJobStatus(e.ts, id, 'complete')
    assert.deepEqual(job.nodes.succeeded.sort(), ['web-a', 'web-b'])
  })

  it('--wait-timeout: exit 8 while the job keeps running on the server', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'hang-1', '--wait-timeout', '1'])
    assertExit(result, 8)
    const id = startedId(result.stderr)
    const job = await getJob(e.ts, id)
    assert.equal(job.status, 'running', 'the job is still running on the server')
    assert.ok(result.stderr.includes(id))
  })

  it('Ctrl-C while waiting: exit 130, stderr names the job and `pushy job watch ID`; the job keeps running', async () => {
    const cli = spawnCli(['job', 'start', 'chef-client', 'hang-2'], {home: e.home})
    await cli.waitFor('stderr', /Running \(/)
    cli.interrupt()
    const result = await cli.done
    assertExit(result, 130)
    const id = startedId(result.stderr)
    assert.ok(result.stderr.includes(`pushy job watch ${id}`), result.stderr)
    assert.equal(result.stdout, '')
    const job = await getJob(e.ts, id)
    assert.equal(job.status, 'running', 'Ctrl-C must not affect the job')
  })
})
