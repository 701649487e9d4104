// Rollouts end to end, against the local server with a 100-node fleet whose
// failing, crashing, nacking and offline nodes sit in known batches. Commands run in-process
// (test/helpers/in-process.ts); the server is real HTTP on loopback.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {BIN} from '../helpers/cli.js'
import {runPushy, type InProcessResult} from '../helpers/in-process.js'
import {fleetNode, fleetOf, getJob} from '../helpers/zero.js'
import {e2eServer, type E2e} from './support.js'

const name = (n: number): string => `n-${String(n).padStart(2, '0')}`
const ALL = Array.from({length: 100}, (_, n) => name(n))
const range = (from: number, to: number): string[] => ALL.slice(from, to)

// In batches of 10: batch 1 has a busy node, 2 and 3 one failure each, 4 a crash (the third
// failure), 5 a failure, 6 an offline node, 9 a failure.
const SPECIAL: Record<string, Parameters<typeof fleetNode>[1]> = {
  'n-08': {vote: 'nack'},
  'n-13': {run: 'fail'},
  'n-27': {run: 'fail'},
  'n-31': {run: 'crash'},
  'n-45': {run: 'fail'},
  'n-52': {online: false},
  'n-88': {run: 'fail'},
}
// and two nodes whose run outlasts a one-second --wait-timeout
const fleet = fleetOf(...ALL.map((node) => fleetNode(node, {delayMs: 5, ...SPECIAL[node]})), ...['slow-1', 'slow-2'].map((node) => fleetNode(node, {delayMs: 4000})))

const check = (result: InProcessResult, code: number): void =>
  assert.equal(result.code, code, `exit ${result.code}, expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)

const nodesOf = (job: {nodes?: Record<string, string[]>}): string[] => Object.values(job.nodes ?? {}).flat().sort()

describe('e2e: rollouts (job start --batch-size)', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet})
  })
  after(async () => {
    await e.close()
  })

  const posts = () => e.ts.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pushy/jobs')).length
  const run = (args: string[], stdin?: string) => runPushy(args, {home: e.home, stdin})

  let firstResult: {not_started: string[]; jobs: Array<{id: string}>} | undefined

  it('stops after the batch that exceeds the budget: it is the last one started, and not_started is exact', async () => {
    const list = join(e.home, 'targets.txt')
    writeFileSync(list, `# every node, in reverse order, with a duplicate\n${[...ALL].reverse().join('\n')}\n\nn-00\n`)
    const before = posts()
    const result = await run(['job', 'start', 'chef-client', 'n-05', '--nodes-from', list, '--batch-size', '10', '--max-failures', '2', '-q', '50%', '--json'])
    check(result, 1)
    assert.equal(posts() - before, 4, 'four batches started, no fifth')
    const out = JSON.parse(result.stdout)
    firstResult = out
    assert.deepEqual(out.not_started, range(40, 100))
    assert.equal(out.jobs.length, 4)
    for (const [index, job] of out.jobs.entries()) {
      assert.deepEqual(nodesOf(job), range(index * 10, index * 10 + 10), `batch ${index + 1}'s nodes`)
      assert.equal(job.status, 'complete')
    }
    assert.deepEqual(out.nodes.failed, ['n-13', 'n-27'])
    assert.deepEqual(out.nodes.nacked, ['n-08'])
    assert.deepEqual(out.nodes.crashed, ['n-31'])
    assert.equal(out.nodes.succeeded.length, 36)
    for (let batch = 1; batch <= 4; batch++) assert.match(result.stderr, new RegExp(`^Batch ${batch}/10: Started\\.  Job ID: ${out.jobs[batch - 1].id}$`, 'm'))
    assert.doesNotMatch(result.stderr, /Batch 5\/10/)
    assert.match(result.stderr, /^Rollout stopped after batch 4\/10: 3 nodes failed, crashed or timed out, more than --max-failures allows \(2\); 60 nodes not started$/m)
    // each batch's quorum is 50% of that batch
    const firstJob = await getJob(e.ts, out.jobs[0].id)
    assert.equal(firstJob.status, 'complete')
  })

  it('resuming with --nodes-from - (stdin) runs exactly the rest, in summary format', async () => {
    assert.ok(firstResult, 'the first rollout ran')
    const before = posts()
    const result = await run(['job', 'start', 'chef-client', '--nodes-from', '-', '--batch-size', '10%', '--max-failures', '5', '-q', '50%'], firstResult.not_started.join('\n') + '\n')
    check(result, 1)
    // 10% of 60 targets: batches of 6
    assert.equal(posts() - before, 10)
    const ids = [...result.stderr.matchAll(/^Batch (\d+)\/10: Started\.  Job ID: ([0-9a-f]{32})$/gm)].map((m) => m[2])
    assert.equal(ids.length, 10)
    const ran = (await Promise.all(ids.map((id) => getJob(e.ts, id)))).flatMap(nodesOf).sort()
    assert.deepEqual(ran, range(40, 100))
    // knife's summary format: jobs in order, nodes by state, an empty not_started
    const lines = result.stdout.split('\n')
    assert.equal(lines[0], 'jobs:')
    assert.deepEqual(lines.slice(1, 11), ids.map((id) => `  ${id}`))
    assert.match(result.stdout, /^nodes:\n {2}failed:\n {4}n-45\n {4}n-88\n {2}succeeded:\n(?: {4}n-\d\d\n){57} {2}unavailable: n-52\nnot_started:\n$/m)
    assert.match(result.stderr, /^Rollout complete: 10 batches, 2 nodes failed, crashed or timed out$/m)
  })

  it('--nodes-from - reads a real pipe (the built CLI as a process): oclif must not take stdin for a missing argument', async () => {
    const child = spawn(process.execPath, [BIN, 'job', 'start', 'chef-client', '--nodes-from', '-', '--batch-size', '2', '--json'], {
      cwd: e.home,
      env: {...process.env, HOME: e.home, NO_COLOR: undefined},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdin.end('n-92\nn-90\n# a comment\n\nn-91\n')
    const code = await new Promise((resolve) => child.on('close', resolve))
    assert.equal(code, 0, stderr)
    assert.deepEqual(JSON.parse(stdout).jobs.map(nodesOf), [['n-90', 'n-91'], ['n-92']])
  })

  it('a batch that fails its quorum stops the rollout with exit 3, whatever the budget', async () => {
    const result = await run(['job', 'start', 'chef-client', ...range(0, 20), '--batch-size', '5', '--max-failures', '100%'])
    check(result, 3)
    assert.match(result.stderr, /^Batch 2\/4: Started/m)
    assert.doesNotMatch(result.stderr, /Batch 3\/4/)
    assert.match(result.stdout, /^not_started:\n(?: {2}n-1\d\n){10}$/m)
    assert.match(result.stderr, /Rollout stopped after batch 2\/4: the job ended quorum_failed; 10 nodes not started/)
  })

  it('an absolute quorum larger than a batch is a usage error before anything is sent', async () => {
    const before = posts()
    const result = await run(['job', 'start', 'chef-client', ...range(0, 25), '--batch-size', '10', '-q', '8'])
    check(result, 2)
    assert.match(result.stderr, /^Error: quorum 8 is larger than batch 3\/3, which has 5 nodes/m)
    assert.equal(posts(), before)
  })

  it('--dry-run shows each batch with its nodes by availability and quorum, sends no job; exit 3 when a batch would fail its quorum', async () => {
    const before = posts()
    const failing = await run(['job', 'start', 'chef-client', ...range(40, 70), '--batch-size', '10', '--dry-run', '--json'])
    check(failing, 3)
    const plan = JSON.parse(failing.stdout)
    assert.deepEqual(plan.batches.map((batch: {batch: number}) => batch.batch), [1, 2, 3])
    assert.deepEqual(plan.batches[1], {batch: 2, nodes: {available: range(50, 60).filter((node) => node !== 'n-52'), unavailable: ['n-52']}, quorum: 10, quorum_met: false})
    assert.deepEqual(plan.batches[2].nodes, {available: range(60, 70)})
    assert.equal(plan.quorum_met, false)
    assert.equal(plan.max_failures, 0)
    assert.match(failing.stderr, /^Batch 1\/3: quorum would be met: 10 of 10 nodes available, 10 needed\.$/m)
    assert.match(failing.stderr, /^Batch 2\/3: quorum would fail: 9 of 10 nodes available, 10 needed\.$/m)
    assert.match(failing.stderr, /^The rollout would stop after batch 2\/3: batch 3 would not start\.$/m)

    const passing = await run(['job', 'start', 'chef-client', ...range(40, 70), '--batch-size', '10', '-q', '90%', '--max-failures', '10%', '--dry-run'])
    check(passing, 0)
    assert.match(passing.stdout, /^batches:\n {2}batch: {6}1\n/)
    assert.match(passing.stdout, /^max_failures: 3$/m)
    assert.match(passing.stdout, /^quorum_met: {3}true$/m)
    assert.equal(posts(), before, 'no job was started')
  })

  it('--wait-timeout during a batch: no further batch starts, the summary names the job left running; exit 8', async () => {
    const before = posts()
    const result = await run(['job', 'start', 'chef-client', 'n-90', 'n-91', 'slow-1', 'slow-2', 'n-92', '--batch-size', '2', '--wait-timeout', '1', '--json'])
    check(result, 8)
    assert.equal(posts() - before, 2, 'the batch after the one that outlasted --wait-timeout did not start')
    const out = JSON.parse(result.stdout)
    assert.deepEqual(out.jobs.map(nodesOf), [['n-90', 'n-91']])
    assert.deepEqual(out.left_running.nodes, ['n-92', 'slow-1'])
    assert.deepEqual(out.not_started, ['slow-2'])
    assert.match(result.stderr, new RegExp(`^Rollout stopped waiting \\(--wait-timeout\\) during batch 2/3 \\(job ${out.left_running.id} keeps running; .*; 1 node not started$`, 'm'))
    assert.doesNotMatch(result.stderr, /^Error:/m)
  })

  it('--max-failures without --batch-size, and --nowait with it, are usage errors', async () => {
    check(await run(['job', 'start', 'chef-client', 'n-00', '--max-failures', '1']), 2)
    const result = await run(['job', 'start', 'chef-client', 'n-00', '--batch-size', '1', '-b'])
    check(result, 2)
    assert.match(result.stderr, /--nowait cannot be used with --batch-size/)
  })

  it('Ctrl-C leaves the running batch alone and starts no other; the summary says which job is left; exit 130', async () => {
    const before = posts()
    const result = await runPushy(['job', 'start', 'chef-client', ...range(60, 80), '--batch-size', '5', '--json'], {home: e.home, interruptWhen: /^Batch 2\/4: Started/m})
    check(result, 130)
    assert.equal(posts() - before, 2)
    const out = JSON.parse(result.stdout)
    assert.equal(out.jobs.length, 1)
    assert.deepEqual(out.left_running.nodes, range(65, 70))
    assert.deepEqual(out.not_started, range(70, 80))
    const left = await getJob(e.ts, out.left_running.id)
    assert.deepEqual(nodesOf(left), range(65, 70), 'the job left running is the second batch, untouched')
    assert.match(result.stderr, new RegExp(`^Rollout interrupted during batch 2/4 \\(job ${out.left_running.id} keeps running; \`pushy job watch ${out.left_running.id}\` follows it\\); 10 nodes not started$`, 'm'))
  })
})
