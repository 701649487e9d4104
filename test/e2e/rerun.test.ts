// `job rerun` and what a failed job shows, end to end against the local
// server; commands run in-process (test/helpers/in-process.ts).
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {runPushy, type InProcessResult} from '../helpers/in-process.js'
import {fleetNode, fleetOf, getJob, makeTempDir, request} from '../helpers/zero.js'
import {e2eServer, type E2e} from './support.js'

// A real command that prints 30 numbered lines on stderr and fails.
const NOISY = `for i in $(seq 1 30); do echo "err line $i" >&2; done; echo "out line"; exit 3`
const fleet = fleetOf(
  ...Array.from({length: 8}, (_, n) => fleetNode(`ok-${n}`, {delayMs: 5})),
  fleetNode('bad-1', {run: 'fail', delayMs: 5}),
  fleetNode('bad-2', {run: 'fail', delayMs: 5}),
  fleetNode('busy-1', {vote: 'nack'}),
  fleetNode('down-1', {online: false}),
  fleetNode('loud-1', {exec: true, whitelist: {'chef-client': NOISY}}),
  ...Array.from({length: 6}, (_, n) => fleetNode(`quiet-${n}`, {delayMs: 5, exec: true, whitelist: {'chef-client': 'echo "quiet says hi"; exit 1'}})),
  fleetNode('..', {run: 'fail', delayMs: 5}),
)

const check = (result: InProcessResult, code: number): void =>
  assert.equal(result.code, code, `exit ${result.code}, expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)

const nodesOf = (job: {nodes?: Record<string, string[]>}): string[] => Object.values(job.nodes ?? {}).flat().sort()
const jobIdIn = (stderr: string): string => {
  const ids = [...stderr.matchAll(/Started\.  Job ID: ([0-9a-f]{32})/g)].map((m) => m[1])
  assert.ok(ids.length > 0, `no job id in ${stderr}`)
  return ids.at(-1)!
}
const withFile = (ts: E2e['ts'], id: string) => request(ts, `${ts.pushy}/jobs/${id}?include_file=true`).then((r) => r.json())

describe('e2e: job rerun, failure tails, job output --state/--dir', () => {
  let e: E2e
  let file: string
  before(async () => {
    e = await e2eServer({fleet})
    file = join(makeTempDir('pushy-rerun-'), 'payload.txt')
    writeFileSync(file, 'the job file\n')
  })
  after(async () => {
    await e.close()
  })
  const run = (...args: string[]) => runPushy(args, {home: e.home})

  let firstId = ''
  it('a captured job with failed nodes prints the end of their output after the verdict', async () => {
    const nodes = ['ok-0', 'ok-1', 'bad-1', 'busy-1', 'down-1', 'loud-1']
    const result = await run('job', 'start', 'chef-client', ...nodes, '-q', '50%', '--capture', '--timeout', '120', '--in-dir', '/tmp', '--as-user', userInfo().username, '-e', 'STAGE=one', '--file', file)
    check(result, 1)
    firstId = jobIdIn(result.stderr)
    const verdictAt = result.stderr.indexOf('2 of 6 nodes failed: bad-1, loud-1')
    assert.ok(verdictAt > 0, result.stderr)
    const tail = result.stderr.slice(verdictAt)
    assert.match(tail, /--- bad-1 \(last 1 line of stderr\) ---\n {4}bad-1: simulated failure\n/)
    // the last 20 of 30 lines: 11..30
    const loud = /--- loud-1 \(last 20 lines of stderr\) ---\n((?: {4}.*\n){20})/.exec(tail)
    assert.ok(loud, tail)
    assert.deepEqual(loud[1].trimEnd().split('\n').map((l) => l.trim()), Array.from({length: 20}, (_, i) => `err line ${i + 11}`))
    assert.match(tail, new RegExp(`All their output: pushy job output ${firstId} --state failed --channel both\\n$`))
  })

  it('at most 5 failed nodes are shown, stdout when stderr is empty, and it says how many there were', async () => {
    const result = await run('job', 'start', 'chef-client', ...Array.from({length: 6}, (_, n) => `quiet-${n}`), 'bad-2', '--capture')
    check(result, 1)
    const shown = [...result.stderr.matchAll(/^--- (\S+) /gm)].map((m) => m[1])
    assert.deepEqual(shown, ['bad-2', 'quiet-0', 'quiet-1', 'quiet-2', 'quiet-3'])
    assert.match(result.stderr, /--- quiet-0 \(last 1 line of stdout\) ---\n {4}quiet says hi\n/)
    assert.match(result.stderr, /^5 of 7 failed nodes shown\. All their output: pushy job output [0-9a-f]{32} --state failed/m)
  })

  it('without --capture there is no tail', async () => {
    const result = await run('job', 'start', 'chef-client', 'bad-1')
    check(result, 1)
    assert.doesNotMatch(result.stderr, /^---/m)
  })

  it('job rerun: exactly the nodes that did not succeed, with the old options', async () => {
    const result = await run('job', 'rerun', firstId, '-q', '1')
    check(result, 1)
    const id = jobIdIn(result.stderr)
    assert.notEqual(id, firstId)
    const [old, rerun] = await Promise.all([withFile(e.ts, firstId), withFile(e.ts, id)])
    assert.deepEqual(nodesOf(rerun), ['bad-1', 'busy-1', 'down-1', 'loud-1'])
    for (const key of ['command', 'run_timeout', 'user', 'dir', 'env', 'capture_output', 'file'] as const) assert.deepEqual(rerun[key], old[key], key)
    assert.equal(rerun.file, 'raw:the job file\n')
    assert.deepEqual(rerun.env, {STAGE: 'one'})
  })

  it('job rerun --state failed, with flags over the old options (-e adds to the old environment)', async () => {
    const result = await run('job', 'rerun', firstId, '--state', 'failed', '--timeout', '60', '-e', 'EXTRA=two')
    check(result, 1)
    const rerun = await getJob(e.ts, jobIdIn(result.stderr))
    assert.deepEqual(nodesOf(rerun), ['bad-1', 'loud-1'])
    assert.equal(rerun.run_timeout, 60)
    assert.deepEqual(rerun.env, {STAGE: 'one', EXTRA: 'two'})
    assert.equal(rerun.dir, '/tmp')
  })

  it('job rerun with --batch-size rolls out the rerun', async () => {
    const result = await run('job', 'rerun', firstId, '--batch-size', '2', '--max-failures', '5', '-q', '1', '--json')
    check(result, 1)
    const out = JSON.parse(result.stdout)
    assert.deepEqual(out.jobs.map(nodesOf), [['bad-1', 'busy-1'], ['down-1', 'loud-1']])
  })

  it('nothing to rerun: a line saying so, exit 0, no job started', async () => {
    const ok = await run('job', 'start', 'chef-client', 'ok-2', 'ok-3')
    check(ok, 0)
    const posts = e.ts.requests.filter((r) => r.method === 'POST').length
    const result = await run('job', 'rerun', jobIdIn(ok.stderr))
    check(result, 0)
    assert.match(result.stderr, /^Nothing to rerun: no node of job [0-9a-f]{32} is in a state other than succeeded\.$/m)
    assert.equal(result.stdout, '')
    assert.equal(e.ts.requests.filter((r) => r.method === 'POST').length, posts)
  })

  it('job output --state failed --dir writes NODE.stdout, NODE.stderr and job.json, and nothing on stdout', async () => {
    const dir = join(makeTempDir('pushy-out-'), 'tree')
    const result = await run('job', 'output', firstId, '--state', 'failed', '--dir', dir)
    check(result, 0)
    assert.equal(result.stdout, '')
    assert.deepEqual(readdirSync(dir).sort(), ['bad-1.stderr', 'bad-1.stdout', 'job.json', 'loud-1.stderr', 'loud-1.stdout'])
    assert.equal(readFileSync(join(dir, 'bad-1.stderr'), 'utf8'), 'bad-1: simulated failure\n')
    assert.equal(readFileSync(join(dir, 'loud-1.stdout'), 'utf8'), 'out line\n')
    assert.match(readFileSync(join(dir, 'loud-1.stderr'), 'utf8'), /^err line 1\n[^]*err line 30\n$/)
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'job.json'), 'utf8')).id, firstId)
  })

  it('job output --dir: a node named `..` is written percent-encoded inside DIR, and a planted symlink is not followed', async () => {
    const start = await run('job', 'start', 'chef-client', '..', 'ok-4', '--capture')
    check(start, 1)
    const id = jobIdIn(start.stderr)
    const parent = makeTempDir('pushy-out-')
    const dir = join(parent, 'tree')
    mkdirSync(dir)
    symlinkSync(join(parent, 'outside'), join(dir, 'ok-4.stdout'))
    const result = await run('job', 'output', id, '--dir', dir)
    assert.deepEqual(readdirSync(parent).sort(), ['tree'], 'nothing written outside DIR')
    assert.ok(!existsSync(join(parent, 'outside')))
    assert.ok(existsSync(join(dir, '%2E%2E.stdout')), readdirSync(dir).join(' '))
    // Over HTTP a `..` path segment (even as %2E%2E) resolves away, so its output cannot be fetched: empty files.
    assert.equal(readFileSync(join(dir, '%2E%2E.stdout'), 'utf8'), '')
    // the symlink was refused: an error, exit 2
    check(result, 2)
    assert.match(result.stderr, /cannot write .*ok-4\.stdout: ELOOP/)
  })
})
