// The real Push Jobs server's behaviour: job status, node-in-job status, quorum, what the
// node agent does: real exec with CHEF_PUSH_* variables, env, dir and file.
import assert from 'node:assert/strict'
import {mkdirSync, realpathSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {
  eventNames,
  fleetNode,
  fleetOf,
  getJob,
  makeTempDir,
  openFeed,
  parseSse,
  parseSseTimestamp,
  pollUntil,
  pushyGet,
  readFeed,
  removeTempDir,
  request,
  runJob,
  sortedNodes,
  startJob,
  startTestServer,
  waitForJobProcessExit,
  waitForJobStatus,
  type SseEvent,
  type TestServer,
} from '../../../helpers/zero.js'

const DUMP =
  'printf \'node=%s\\njob=%s\\nfile=%s\\nfoo=%s\\nspaced=%s\\npwd=%s\\n\' "$CHEF_PUSH_NODE_NAME" "$CHEF_PUSH_JOB_ID" "${CHEF_PUSH_JOB_FILE-unset}" "$FOO" "$SPACED" "$(pwd)"; if [ -n "$CHEF_PUSH_JOB_FILE" ]; then cat "$CHEF_PUSH_JOB_FILE"; fi'

const EXEC_WHITELIST = {'env-dump': DUMP, 'true': 'true', fail3: 'exit 3', 'chef-client': 'true'}

const eventsOf = (events: SseEvent[], name: string, node?: string) => events.filter((e) => e.event === name && (node === undefined || e.data?.node === node))

describe('state machines', () => {
  let ts: TestServer

  before(async () => {
    ts = await startTestServer({
      fleet: fleetOf(
        fleetNode('ok1'),
        fleetNode('ok2'),
        fleetNode('off', {online: false}),
        fleetNode('nack', {vote: 'nack'}),
        fleetNode('ignore', {vote: 'ignore'}),
        fleetNode('fail', {run: 'fail'}),
        fleetNode('crash', {run: 'crash'}),
        fleetNode('hang', {run: 'hang'}),
        fleetNode('hang2', {run: 'hang'}),
        fleetNode('strict', {whitelist: {other: 'true'}}),
        fleetNode('ex', {exec: true, whitelist: EXEC_WHITELIST}),
        fleetNode('ex2', {exec: true, whitelist: EXEC_WHITELIST}),
        fleetNode('busy', {run: 'hang'}),
        fleetNode('ex-crash', {exec: true, run: 'crash', whitelist: EXEC_WHITELIST}),
        fleetNode('ex-hang', {exec: true, run: 'hang', whitelist: EXEC_WHITELIST}),
      ),
    })
  })
  after(() => ts?.close())

  describe('job status and node status', () => {
    it('every node acks and succeeds → complete, succeeded', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'ok2']})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ok1', 'ok2']})
      assert.equal(eventsOf(events, 'quorum_vote').filter((e) => e.data.status === 'success').length, 2)
      assert.equal(eventsOf(events, 'quorum_succeeded').length, 1)
      assert.equal(eventsOf(events, 'run_complete').filter((e) => e.data.status === 'success').length, 2)
      assert.deepEqual(eventNames(events.slice(-1)), ['job_complete(complete)'])
    })

    it('offline node at start → down vote, rehab, unavailable; ready nodes become was_ready on quorum failure', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'off']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {unavailable: ['off'], was_ready: ['ok1']})
      const down = eventsOf(events, 'quorum_vote', 'off')
      assert.deepEqual(down.map((e) => e.data.status), ['down'])
      const rehab = eventsOf(events, 'rehab', 'off')
      assert.equal(rehab.length, 1, 'the down node is rehabbed')
      assert.ok(events.indexOf(down[0]) < events.indexOf(rehab[0]), 'quorum_vote(down), then rehab')
      assert.equal(eventsOf(events, 'rehab', 'ok1').length, 0, 'was_ready nodes are rehabbed silently')
      assert.equal(eventsOf(events, 'quorum_succeeded').length, 0)
      assert.equal(eventsOf(events, 'quorum_failed').length, 0, 'there is no quorum_failed event')
      assert.deepEqual(eventNames(events.slice(-1)), ['job_complete(quorum_failed)'])
    })

    it('offline node with quorum 1 → complete, the others run', async () => {
      const {job} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'off'], quorum: 1})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ok1'], unavailable: ['off']})
    })

    it('unknown node → unavailable (down at start)', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['never-seen']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {unavailable: ['never-seen']})
      assert.deepEqual(eventsOf(events, 'quorum_vote').map((e) => e.data.status), ['down'])
    })

    it('vote nack → nacked, quorum_failed, quorum_vote(failure)', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['nack']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['nack']})
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(failure)', 'job_complete(quorum_failed)'])
    })

    it('a command not in the whitelist is nacked', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['strict']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['strict']})
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(failure)', 'job_complete(quorum_failed)'])
    })

    it('3 nodes where 2 nack → {nacked, was_ready}', async () => {
      const {job} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'nack', 'strict']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['nack', 'strict'], was_ready: ['ok1']})
    })

    it('a nack under a met quorum → complete with nacked and succeeded', async () => {
      const {job} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'ok2', 'nack'], quorum: 2})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['nack'], succeeded: ['ok1', 'ok2']})
    })

    it('ignored commit → voting_timeout, unavailable, no rehab event', async () => {
      const started = Date.now()
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['ignore']})
      assert.ok(Date.now() - started >= 250, 'it waits for the voting timeout')
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {unavailable: ['ignore']})
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(voting_timeout)', 'job_complete(quorum_failed)'])
    })

    it('ignored commit with quorum met by the others → runs after the voting timeout', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'ignore'], quorum: 1})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ok1'], unavailable: ['ignore']})
      const timeoutVote = eventsOf(events, 'quorum_vote', 'ignore')[0]
      const succeeded = eventsOf(events, 'quorum_succeeded')[0]
      assert.ok(timeoutVote && succeeded && events.indexOf(timeoutVote) < events.indexOf(succeeded), eventNames(events).join(' '))
    })

    it('run fail → failed, job still complete', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['fail']})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {failed: ['fail']})
      assert.deepEqual(eventsOf(events, 'run_complete').map((e) => e.data.status), ['failure'])
    })

    it('run crash → crashed (rehab, then run_complete crashed), job complete', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['crash', 'ok1']})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {crashed: ['crash'], succeeded: ['ok1']})
      const complete = eventsOf(events, 'run_complete', 'crash')
      assert.deepEqual(complete.map((e) => e.data.status), ['crashed'])
      const rehab = eventsOf(events, 'rehab', 'crash')
      assert.equal(rehab.length, 1)
      assert.ok(events.indexOf(rehab[0]) < events.indexOf(complete[0]), 'rehab, then run_complete(crashed)')
    })

    it('run hang → timed_out at run_timeout, no per-node events', async () => {
      const started = Date.now()
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['hang', 'ok1'], run_timeout: 1})
      assert.ok(Date.now() - started >= 900, 'run_timeout is in seconds')
      assert.equal(job.status, 'timed_out')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ok1'], timed_out: ['hang']})
      assert.equal(eventsOf(events, 'run_complete', 'hang').length, 0)
      assert.equal(eventsOf(events, 'rehab', 'hang').length, 0)
      assert.deepEqual(eventNames(events.slice(-1)), ['job_complete(timed_out)'])
    })

    it('a node busy with another job nacks', async () => {
      const first = await startJob(ts, {command: 'chef-client', nodes: ['busy'], run_timeout: 2})
      await waitForJobStatus(ts, first.id, 'running')
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['busy']})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['busy']})
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(failure)', 'job_complete(quorum_failed)'])
      // the server's node process does not track jobs
      const state = (await pushyGet(ts, 'node_states/busy')).json()
      assert.deepEqual(state, {node_name: 'busy', status: 'online', availability: 'available'})
      const firstJob = await getJob(ts, first.id)
      assert.equal(firstJob.status, 'running', 'the first job is not affected')
    })

    it('terminal node statuses never change again', async () => {
      const {id, job} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'nack'], quorum: 1})
      // until the job's process is gone (completeWait), a straggling message could still reach it
      await waitForJobProcessExit(ts, id)
      assert.deepEqual(sortedNodes((await getJob(ts, id)).nodes), sortedNodes(job.nodes))
    })

    it('quorum is evaluated only once no node is new: it never succeeds early', async () => {
      const slow = await startTestServer({fleet: fleetOf(fleetNode('ok1'), fleetNode('ignore', {vote: 'ignore'})), timings: {votingTimeoutMs: 1_500}})
      try {
        const {id} = await startJob(slow, {command: 'chef-client', nodes: ['ok1', 'ignore'], quorum: 1})
        const feed = await openFeed(slow, `${slow.pushy}/job_status_feed/${id}`)
        const voting = await pollUntil('ok1 to be ready', async () => {
          const job = await getJob(slow, id)
          return job.nodes?.ready?.includes('ok1') ? job : undefined
        })
        assert.equal(voting.status, 'voting', 'quorum 1 is met but a node is still new')
        assert.deepEqual(sortedNodes(voting.nodes), {new: ['ignore'], ready: ['ok1']})
        // "never early", from the job's own timestamps rather than a look after a fixed wait:
        // quorum_succeeded comes after the voting timeout vote, a whole votingTimeout (1.5 s) after
        // start (1 ms less for the millisecond truncation of parseSseTimestamp). A lower bound,
        // which a loaded machine only makes easier to meet.
        const events = parseSse(await feed.waitForEnd(5_000)).events
        const start = events.find((e) => e.event === 'start')
        const timeoutVote = events.find((e) => e.event === 'quorum_vote' && e.data.node === 'ignore')
        const succeeded = events.find((e) => e.event === 'quorum_succeeded')
        assert.ok(start && timeoutVote && succeeded, eventNames(events).join(' '))
        assert.equal(timeoutVote.data.status, 'voting_timeout')
        assert.ok(events.indexOf(timeoutVote) < events.indexOf(succeeded), eventNames(events).join(' '))
        const waited = parseSseTimestamp(succeeded.data.timestamp) - parseSseTimestamp(start.data.timestamp)
        assert.ok(waited >= 1_499, `quorum_succeeded ${waited} ms after start, before the voting timeout`)
        const done = await waitForJobStatus(slow, id, 'complete', 5_000)
        assert.deepEqual(sortedNodes(done.nodes), {succeeded: ['ok1'], unavailable: ['ignore']})
      } finally {
        await slow.close()
      }
    })
  })

  describe('quorum', () => {
    it('quorum 0 with every node down → complete with no runs', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['off'], quorum: 0})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {unavailable: ['off']})
      assert.equal(eventsOf(events, 'run_start').length, 0)
      assert.deepEqual(eventNames(events.slice(-1)), ['job_complete(complete)'])
    })

    it('quorum greater than the node count → quorum_failed, acked nodes was_ready', async () => {
      const {job} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'ok2'], quorum: 3})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {was_ready: ['ok1', 'ok2']})
    })

    it('the default quorum is the node count', async () => {
      const {job, events} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'nack']})
      assert.equal(job.status, 'quorum_failed')
      assert.equal(events[0]?.data?.quorum, 2)
    })

    it('percentages are client-side: the server rejects "50%"', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: {command: 'chef-client', nodes: ['ok1'], quorum: '50%'}})
      assert.equal(response.status, 400)
      assert.deepEqual(response.json(), {error: 'invalid type supplied for quorum (expected a number)'})
    })
  })

  describe('real exec on the node', () => {
    let dir: string
    before(() => {
      dir = makeTempDir('pushy-dir-')
      mkdirSync(join(dir, 'sub'))
    })
    after(() => removeTempDir(dir))

    async function output(id: string, node: string, channel = 'stdout'): Promise<string> {
      const response = await pushyGet(ts, `jobs/${id}/output/${node}/${channel}`, {headers: {accept: 'application/octet-stream'}})
      assert.equal(response.status, 200, `output of ${node}: ${response.status}`)
      return response.text
    }

    it('CHEF_PUSH_NODE_NAME, CHEF_PUSH_JOB_ID, CHEF_PUSH_JOB_FILE (+ contents), env and dir reach the child', async () => {
      const workdir = join(dir, 'sub')
      const {id, job} = await runJob(ts, {
        command: 'env-dump',
        nodes: ['ex', 'ex2'],
        capture_output: true,
        env: {FOO: 'bar', SPACED: 'a b  c'},
        dir: workdir,
        file: 'raw:line one\nline two\n',
      })
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ex', 'ex2']})
      for (const node of ['ex', 'ex2']) {
        const text = await output(id, node)
        const lines = text.split('\n')
        assert.equal(lines[0], `node=${node}`)
        assert.equal(lines[1], `job=${id}`)
        assert.match(lines[2], /^file=.+/)
        assert.notEqual(lines[2], 'file=unset')
        assert.equal(lines[3], 'foo=bar')
        assert.equal(lines[4], 'spaced=a b  c')
        assert.equal(lines[5], `pwd=${realpathSync(workdir)}`)
        assert.equal(lines.slice(6).join('\n'), 'line one\nline two\n', 'the job file holds the decoded contents')
      }
    })

    it('a base64 file is decoded into CHEF_PUSH_JOB_FILE', async () => {
      const contents = 'décodé ✓\n'
      const {id} = await runJob(ts, {command: 'env-dump', nodes: ['ex'], capture_output: true, file: `base64:${Buffer.from(contents).toString('base64')}`})
      const text = await output(id, 'ex')
      assert.equal(text.split('\n').slice(6).join('\n'), contents, text)
    })

    it('without a file, CHEF_PUSH_JOB_FILE is not set', async () => {
      const {id} = await runJob(ts, {command: 'env-dump', nodes: ['ex'], capture_output: true})
      const text = await output(id, 'ex')
      assert.equal(text.split('\n')[2], 'file=unset')
    })

    it('a non-zero exit → failed, run_complete(failure)', async () => {
      const {job, events} = await runJob(ts, {command: 'fail3', nodes: ['ex']})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {failed: ['ex']})
      assert.deepEqual(eventsOf(events, 'run_complete').map((e) => e.data.status), ['failure'])
    })

    it('run: crash applies to real runs too → crashed', async () => {
      const {job, events} = await runJob(ts, {command: 'true', nodes: ['ex-crash']})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {crashed: ['ex-crash']})
      assert.deepEqual(eventsOf(events, 'run_complete').map((e) => e.data.status), ['crashed'])
    })

    it('run: hang applies to real runs too → timed_out at run_timeout', async () => {
      const {job} = await runJob(ts, {command: 'true', nodes: ['ex-hang'], run_timeout: 1})
      assert.equal(job.status, 'timed_out')
      assert.deepEqual(sortedNodes(job.nodes), {timed_out: ['ex-hang']})
    })

    it('a run-as user that does not exist → nacked at commit', async () => {
      const {job, events} = await runJob(ts, {command: 'true', nodes: ['ex'], user: 'no-such-user-pushy'})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['ex']})
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(failure)', 'job_complete(quorum_failed)'])
    })

    it('a dir that does not exist → nacked at commit', async () => {
      const {job} = await runJob(ts, {command: 'true', nodes: ['ex'], dir: join(dir, 'missing')})
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {nacked: ['ex']})
    })

    it('the current user as run-as user is accepted', async () => {
      const {job} = await runJob(ts, {command: 'true', nodes: ['ex'], user: userInfo().username})
      assert.equal(job.status, 'complete')
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['ex']})
    })
  })

  describe('server restart on the same state directory', () => {
    it('jobs still voting or running become crashed, running nodes crashed', async () => {
      const stateDir = makeTempDir()
      const fleet = fleetOf(fleetNode('hang', {run: 'hang'}), fleetNode('ignore', {vote: 'ignore'}), fleetNode('ok1'))
      const first = await startTestServer({fleet, stateDir, timings: {votingTimeoutMs: 10_000}})
      let second: TestServer | undefined
      try {
        const running = await startJob(first, {command: 'chef-client', nodes: ['hang']})
        await pollUntil('hang to run', async () => ((await getJob(first, running.id)).nodes?.running?.includes('hang') ? true : undefined))
        const voting = await startJob(first, {command: 'chef-client', nodes: ['ignore']})
        const done = await startJob(first, {command: 'chef-client', nodes: ['ok1']})
        const doneJob = await waitForJobStatus(first, done.id, 'complete')
        await first.close()

        second = await startTestServer({fleet, stateDir})
        const crashed = await getJob(second, running.id)
        assert.equal(crashed.status, 'crashed')
        assert.deepEqual(sortedNodes(crashed.nodes), {crashed: ['hang']})
        assert.equal((await getJob(second, voting.id)).status, 'crashed')
        const kept = await getJob(second, done.id)
        assert.equal(kept.status, 'complete')
        assert.deepEqual(kept.nodes, doneJob.nodes)
        assert.equal(kept.created_at, doneJob.created_at)
        const list = (await pushyGet(second, 'jobs')).json().map((j: any) => j.id)
        for (const id of [running.id, voting.id, done.id]) assert.ok(list.includes(id))
        // the crashed job's process is gone: its feed is the summary
        const summary = await readFeed(second, `${second.pushy}/job_status_feed/${running.id}`)
        assert.equal(summary.status, 200)
        const events = parseSse(summary.raw).events
        assert.deepEqual(events.map((e) => [e.event, e.id]), [['summary', 'job-1']])
        assert.equal(events[0].data.status, 'crashed')
        assert.ok(!summary.raw.toString('utf8').endsWith('\n'))
        assert.ok(!(await request(second, '/pushy/_status', {sign: false})).json().job_processes.includes(running.id))
        // the org prefix survives the restart; the org feed counter starts again at 1
        const orgFeed = await openFeed(second, `${second.pushy}/job_status_feed`)
        try {
          const again = await startJob(second, {command: 'chef-client', nodes: ['ok1']})
          assert.equal(again.id.slice(0, 12), done.id.slice(0, 12))
          const start = await orgFeed.waitForEvent((e) => e.event === 'start')
          assert.equal(start.id, 'org-1')
          assert.equal(start.data.job, again.id)
        } finally {
          orgFeed.close()
        }
      } finally {
        await first.close()
        await second?.close()
        removeTempDir(stateDir)
      }
    })
  })
})
