import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, realpathSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {pollUntil, waitForProcessGone} from '../../../helpers/poll.js'
import {allEvents, engineWith, node, sequence} from './helpers.js'

const script = (code: string) => `"${process.execPath}" -e ${JSON.stringify(code)}`

describe('real execution (exec: true)', () => {
  it('runs the whitelisted command with the job env, CHEF_PUSH_* variables, the job file and dir; captures both streams', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushy-exec-')))
    const show = script(
      'const e=process.env;console.log(JSON.stringify({node:e.CHEF_PUSH_NODE_NAME,job:e.CHEF_PUSH_JOB_ID,greeting:e.GREETING,file:require("fs").readFileSync(e.CHEF_PUSH_JOB_FILE,"utf8"),cwd:process.cwd()}));console.error("to stderr")',
    )
    const engine = engineWith([node('a', {exec: true, whitelist: {show}}), node('b', {exec: true, whitelist: {show}})])
    const job = engine.startJob({command: 'show', nodes: ['a', 'b'], env: {GREETING: 'hello'}, file: 'base64:aGkgdGhlcmU=', dir, captureOutput: true}, 'u')
    await allEvents(engine, job.id)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a', 'b']})
    for (const name of ['a', 'b']) {
      const seen = JSON.parse(engine.output(job.id, name, 'stdout')!.toString())
      assert.deepEqual(seen, {node: name, job: job.id, greeting: 'hello', file: 'hi there', cwd: dir})
      assert.equal(engine.output(job.id, name, 'stderr')!.toString(), 'to stderr\n')
    }
  })

  it('a raw: file is written as is; no file → no CHEF_PUSH_JOB_FILE', async () => {
    const show = script('const f=process.env.CHEF_PUSH_JOB_FILE;process.stdout.write(f?require("fs").readFileSync(f,"utf8"):"none")')
    const engine = engineWith([node('a', {exec: true, whitelist: {show}})])
    const withFile = engine.startJob({command: 'show', nodes: ['a'], file: 'raw:ünïcode', captureOutput: true}, 'u')
    await allEvents(engine, withFile.id)
    assert.equal(engine.output(withFile.id, 'a', 'stdout')!.toString(), 'ünïcode')
    const without = engine.startJob({command: 'show', nodes: ['a'], captureOutput: true}, 'u')
    await allEvents(engine, without.id)
    assert.equal(engine.output(without.id, 'a', 'stdout')!.toString(), 'none')
  })

  it('a non-zero exit → failed (run_complete failure), output kept', async () => {
    const engine = engineWith([node('a', {exec: true, whitelist: {bad: 'echo oops; exit 3'}})])
    const job = engine.startJob({command: 'bad', nodes: ['a'], captureOutput: true}, 'u')
    assert.ok(sequence(await allEvents(engine, job.id)).includes('run_complete a failure'))
    assert.deepEqual(engine.getJob(job.id)?.nodes, {failed: ['a']})
    assert.equal(engine.output(job.id, 'a', 'stdout')!.toString(), 'oops\n')
  })

  it('without capture nothing is stored', async () => {
    const engine = engineWith([node('a', {exec: true, whitelist: {hi: 'echo hi'}})])
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    await allEvents(engine, job.id)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a']})
    assert.equal(engine.output(job.id, 'a', 'stdout'), undefined)
  })

  it('runs at most maxConcurrentExec children; queued nodes are already running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-cap-'))
    const log = join(dir, 'log')
    const step = `echo start >> "${log}"; sleep 0.15; echo end >> "${log}"`
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((name) => node(name, {exec: true, whitelist: {step}}))
    const engine = engineWith(nodes, {maxConcurrentExec: 2})
    const job = engine.startJob({command: 'step', nodes: nodes.map((n) => n.name)}, 'u')
    // The job as it stands when the fifth run_start arrives: every node has been told to run, but
    // at most two children have started and none can have ended (each takes 150 ms and none was
    // spawned before these run_starts were queued).
    const feed = engine.jobFeed(job.id, undefined)
    assert.ok(feed?.kind === 'live', `a live feed, got ${feed?.kind}`)
    let runStarts = feed.backlog.filter((event) => event.event === 'run_start').length
    const atLastRunStart = new Promise<ReturnType<typeof engine.getJob>>((resolve, reject) => {
      if (runStarts === 5) resolve(engine.getJob(job.id))
      feed.subscribe(
        (event) => {
          if (event.event === 'run_start' && ++runStarts === 5) resolve(engine.getJob(job.id))
        },
        () => reject(new Error(`the job ended after ${runStarts} run_start events`)),
      )
    })
    assert.equal((await atLastRunStart)?.nodes?.running?.length, 5)
    await allEvents(engine, job.id)
    let active = 0
    let peak = 0
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      active += line === 'start' ? 1 : -1
      peak = Math.max(peak, active)
    }
    assert.equal(peak, 2)
    assert.equal(engine.getJob(job.id)?.nodes?.succeeded?.length, 5)
  })

  it('run: hang keeps a real command from reporting; the run timeout kills it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-hang-'))
    const pidFile = join(dir, 'pid')
    const engine = engineWith([node('a', {exec: true, run: 'hang', whitelist: {wait: `echo $$ > "${pidFile}"; exec sleep 30`}})])
    const job = engine.startJob({command: 'wait', nodes: ['a'], runTimeout: 0.3}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a success', 'quorum_succeeded', 'run_start a', 'job_complete timed_out'])
    // the kill is a signal: wait for the process to go (or fail after a deadline), not a fixed time
    const pid = Number(readFileSync(pidFile, 'utf8'))
    await waitForProcessGone(pid)
    assert.throws(() => process.kill(Number(readFileSync(pidFile, 'utf8')), 0), /ESRCH/)
  })

  it('run: fail with a real command: the command runs, then the node reports failure whatever its exit status', async () => {
    const engine = engineWith([node('a', {exec: true, run: 'fail', whitelist: {hi: 'echo ran'}})])
    const job = engine.startJob({command: 'hi', nodes: ['a'], captureOutput: true}, 'u')
    assert.ok(sequence(await allEvents(engine, job.id)).includes('run_complete a failure'))
    assert.deepEqual(engine.getJob(job.id)?.nodes, {failed: ['a']})
    assert.equal(engine.output(job.id, 'a', 'stdout')!.toString(), 'ran\n', 'the command did run')
  })

  it('run: crash with a real command: the command runs, then the node dies instead of reporting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-crash-'))
    const marker = join(dir, 'ran')
    const engine = engineWith([node('a', {exec: true, run: 'crash', whitelist: {touch: `echo yes > "${marker}"`}})])
    const job = engine.startJob({command: 'touch', nodes: ['a']}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)).slice(-3), ['rehab a', 'run_complete a crashed', 'job_complete complete'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {crashed: ['a']})
    assert.equal(readFileSync(marker, 'utf8'), 'yes\n')
  })

  it('delay_ms delays the start of a real command; the node is running meanwhile', async () => {
    const engine = engineWith([node('a', {exec: true, delayMs: 300, whitelist: {when: script('console.log(Date.now())')}})])
    const startedAt = Date.now()
    const job = engine.startJob({command: 'when', nodes: ['a'], captureOutput: true}, 'u')
    const events = sequence(await allEvents(engine, job.id))
    assert.deepEqual(events.slice(-3), ['run_start a', 'run_complete a success', 'job_complete complete'])
    const ranAt = Number(engine.output(job.id, 'a', 'stdout')!.toString())
    assert.ok(ranAt - startedAt >= 300, `the command started ${ranAt - startedAt} ms after the job, not after delay_ms (300)`)
  })

  it('close() kills running children', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-close-'))
    const pidFile = join(dir, 'pid')
    const engine = engineWith([node('a', {exec: true, whitelist: {wait: `echo $$ > "${pidFile}"; exec sleep 30`}})])
    const job = engine.startJob({command: 'wait', nodes: ['a']}, 'u')
    let ended = false
    const feed = engine.jobFeed(job.id, undefined)
    if (feed?.kind === 'live') feed.subscribe(() => {}, () => (ended = true))
    const pid = await pollUntil('the child to write its pid', () => {
      try {
        return Number(readFileSync(pidFile, 'utf8').trim()) || undefined
      } catch {
        return undefined // not started yet
      }
    })
    await engine.close()
    assert.equal(ended, true, 'open feeds end when the engine goes away')
    await waitForProcessGone(pid)
    assert.throws(() => process.kill(pid, 0), /ESRCH/)
  })
})
