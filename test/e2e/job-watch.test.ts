// `pushy job watch` and the feed's hard cases: a job crashed by a server restart, a job finished
// long ago (the feed's `summary` path), and a feed dropped several times mid-job.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {TERMINAL, fleetNode, fleetOf, getJob, makeTempDir, pollUntil, removeTempDir, startJob, startTestServer, waitForJobProcessExit, waitForJobStatus, type TestServer} from '../helpers/zero.js'
import {runCli} from '../helpers/cli.js'
import {assertExit, e2eServer, expectedSummary, homeFor, spawnCli, startedId, type E2e} from './support.js'

describe('e2e: job watch on a job crashed by a server restart', () => {
  const stateDir = makeTempDir('pushy-e2e-restart-')
  const fleet = fleetOf(fleetNode('ok-1'), fleetNode('hang-1', {run: 'hang'}))
  let first: TestServer | undefined
  let second: TestServer | undefined
  after(async () => {
    await first?.close()
    await second?.close()
    removeTempDir(stateDir)
  })

  it('start --nowait, restart the server on the same state dir → job crashed; job watch exits 4', async () => {
    first = await startTestServer({fleet, stateDir, keepStateDir: true})
    const started = await runCli(['job', 'start', 'chef-client', 'ok-1', 'hang-1', '--nowait'], {home: homeFor(first)})
    assertExit(started, 0)
    const id = started.stdout.trim()
    assert.match(id, /^[0-9a-f]{32}$/)
    await waitForJobStatus(first, id, 'running')
    await first.close()
    first = undefined

    second = await startTestServer({fleet, stateDir, keepStateDir: true})
    const home = homeFor(second)
    const result = await runCli(['job', 'watch', id], {home})
    assertExit(result, 4)
    assert.equal(result.stdout, await expectedSummary(second, id))
    assert.match(result.stdout, /^status: {6}crashed$/m)
    assert.match(result.stderr, /^Crashed\.$/m)
    assert.ok(!/^Error: /m.test(result.stderr), result.stderr)

    const json = await runCli(['job', 'watch', id, '--json'], {home})
    assertExit(json, 4)
    assert.equal(JSON.parse(json.stdout).status, 'crashed')
  })
})

describe('e2e: job watch', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({
      fleet: fleetOf(
        fleetNode('n-1', {delayMs: 300}),
        fleetNode('n-2', {delayMs: 700}),
        fleetNode('n-3', {delayMs: 1100}),
        fleetNode('n-4', {delayMs: 1500}),
        fleetNode('bad-1', {run: 'fail'}),
        fleetNode('ok-1'),
      ),
      timings: {completeWaitMs: 300},
    })
  })
  after(async () => {
    await e.close()
  })

  it('a job finished longer ago than completeWait (summary path): right result and exit code', async () => {
    const {id} = await startJob(e.ts, {command: 'chef-client', nodes: ['ok-1', 'bad-1'], quorum: 2})
    await waitForJobStatus(e.ts, id)
    await waitForJobProcessExit(e.ts, id) // past completeWait (300 ms): the feed answers with one `summary` event
    const result = await e.run(['job', 'watch', id])
    assertExit(result, 1)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stderr, /^Complete\.$/m)
    assert.match(result.stderr, /^1 of 2 nodes failed: bad-1$/m)

    const ok = await startJob(e.ts, {command: 'chef-client', nodes: ['ok-1'], quorum: 1})
    await waitForJobStatus(e.ts, ok.id)
    await waitForJobProcessExit(e.ts, ok.id)
    const good = await e.run(['job', 'watch', ok.id, '--json'])
    assertExit(good, 0)
    assert.equal(JSON.parse(good.stdout).status, 'complete')
  })

  it('job watch on a running job follows it to the end and exits like job start', async () => {
    const {id} = await startJob(e.ts, {command: 'chef-client', nodes: ['n-1', 'bad-1'], quorum: 2})
    const result = await e.run(['job', 'watch', id])
    assertExit(result, 1)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stderr, /^Complete\.$/m)
  })

  it('a feed dropped several times mid-job is resumed: right result, each node transition shown once, reconnect said', async () => {
    const cli = spawnCli(['job', 'start', 'chef-client', 'n-1', 'n-2', 'n-3', 'n-4', '-V'], {home: e.home})
    await cli.waitFor('stderr', /Started\.  Job ID: [0-9a-f]{32}/)
    const id = startedId(cli.stderr())
    const feedPath = `/pushy/job_status_feed/${id}`
    const feedRequests = () => e.ts.requests.filter((r) => r.url.endsWith(feedPath)).length
    const exited = () => cli.child.exitCode !== null || cli.child.signalCode !== null
    let drops = 0
    for (let i = 0; i < 4; i++) {
      // Wait for the CLI's (i+1)th feed connection, then for one more node to succeed while it is
      // open (events flow on it), then cut it: every drop is of a live connection, mid-job.
      await pollUntil(`feed connection ${i + 1}`, async () => (feedRequests() > i || exited() ? true : undefined), 10_000)
      const job = await pollUntil(
        `node ${i + 1} of 4 to succeed`,
        async () => {
          if (exited()) return null
          const job = await getJob(e.ts, id)
          return (job.nodes?.succeeded?.length ?? 0) > i || TERMINAL.includes(job.status) ? job : undefined
        },
        10_000,
      )
      if (job === null || TERMINAL.includes(job.status) || exited()) break
      e.ts.server.dropFeedConnections()
      drops++
    }
    const result = await cli.done
    assert.ok(drops >= 2, `dropped the feed ${drops} times`)
    assertExit(result, 0)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^  succeeded:\n {4}n-1\n {4}n-2\n {4}n-3\n {4}n-4$/m)
    assert.match(result.stderr, /reconnect/i, 'the reconnect is mentioned on stderr')
    assert.ok(e.ts.requests.filter((r) => r.url.endsWith(feedPath)).length >= 2, 'the feed was requested again')

    const transitions = result.stderr.split('\n').filter((line) => /^ {2}[\w.:-]+: \w+ -> \w+$/.test(line))
    assert.ok(transitions.length > 0, `-V prints node transitions off a TTY: ${result.stderr}`)
    assert.equal(new Set(transitions).size, transitions.length, `a node transition was shown twice:\n${transitions.join('\n')}`)
    for (const node of ['n-1', 'n-2', 'n-3', 'n-4']) {
      assert.equal(transitions.filter((t) => t.startsWith(`  ${node}: `) && t.endsWith('-> succeeded')).length, 1, `${node} reaches succeeded once:\n${transitions.join('\n')}`)
    }
    // each node's transitions chain: every `from` is the previous `to`
    for (const node of ['n-1', 'n-2', 'n-3', 'n-4']) {
      const mine = transitions.filter((t) => t.startsWith(`  ${node}: `)).map((t) => t.slice(`  ${node}: `.length).split(' -> '))
      for (let i = 1; i < mine.length; i++) assert.equal(mine[i][0], mine[i - 1][1], `${node} transitions chain: ${JSON.stringify(mine)}`)
    }
  })
})
