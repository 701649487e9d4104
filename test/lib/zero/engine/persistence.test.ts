import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {createEngine} from '../../../../src/lib/zero/engine/index.js'
import type {FleetNode} from '../../../../src/lib/zero/types.js'
import {pollUntil} from '../../../helpers/poll.js'
import {allEvents, eventSeen, FAST, node} from './helpers.js'

const fresh = () => mkdtempSync(join(tmpdir(), 'pushy-state-'))
const open = (stateDir: string, nodes: FleetNode[]) => createEngine({org: 'o', fleet: {nodes}, stateDir, timings: {...FAST, completeWaitMs: 20}})

describe('state directory', () => {
  it('a new engine sees earlier jobs, their node statuses and captured output; their feeds give the summary', async () => {
    const stateDir = fresh()
    const nodes = [node('a'), node('b', {run: 'fail'})]
    const first = open(stateDir, nodes)
    const job = first.startJob({command: 'hi', nodes: ['a', 'b'], captureOutput: true, file: 'raw:f'}, 'alice')
    await allEvents(first, job.id)
    const finalJob = first.getJob(job.id, {includeFile: true})
    const stdout = first.output(job.id, 'a', 'stdout')
    // wait for completeWait (20 ms) to be over, i.e. for the job's process to be gone
    await pollUntil('the job to leave liveJobIds', () => (first.liveJobIds().includes(job.id) ? undefined : true))
    // after completeWait the output came off memory: it is read back from disk
    assert.deepEqual(first.output(job.id, 'a', 'stdout'), stdout)
    await first.close()

    const second = open(stateDir, nodes)
    try {
      assert.deepEqual(second.getJob(job.id, {includeFile: true}), finalJob)
      assert.deepEqual(second.listJobs().map((j) => j.id), [job.id])
      assert.deepEqual(second.output(job.id, 'a', 'stdout'), stdout)
      assert.match(second.output(job.id, 'b', 'stderr')!.toString(), /simulated failure/)
      assert.equal(second.output(job.id, 'c', 'stdout'), undefined)
      assert.equal(second.jobFeed(job.id, undefined)?.kind, 'summary')
      assert.deepEqual(second.liveJobIds(), [])
      // events are kept on disk too
      const events = JSON.parse(readFileSync(join(stateDir, 'jobs', `${job.id}.events.json`), 'utf8'))
      assert.equal(events.at(-1).event, 'job_complete')
    } finally {
      await second.close()
    }
  })

  it('jobs live when their engine closed are crashed on the next start, their running nodes too', async () => {
    const stateDir = fresh()
    const nodes = [node('a', {run: 'hang'}), node('b', {vote: 'ignore'}), node('c')]
    const first = open(stateDir, nodes)
    const running = first.startJob({command: 'hi', nodes: ['a', 'c']}, 'u')
    const voting = first.startJob({command: 'hi', nodes: ['b']}, 'u')
    const done = first.startJob({command: 'hi', nodes: ['c'], quorum: 0}, 'u')
    await allEvents(first, done.id)
    await eventSeen(first, running.id, (event) => event.event === 'run_complete' && event.data.node === 'c')
    assert.deepEqual(first.getJob(running.id)?.nodes, {running: ['a'], succeeded: ['c']})
    await first.close()

    const second = open(stateDir, nodes)
    try {
      assert.equal(second.getJob(running.id)?.status, 'crashed')
      assert.deepEqual(second.getJob(running.id)?.nodes, {crashed: ['a'], succeeded: ['c']})
      assert.equal(second.getJob(voting.id)?.status, 'crashed')
      assert.deepEqual(second.getJob(voting.id)?.nodes, {new: ['b']})
      assert.equal(second.getJob(done.id)?.status, 'complete')
      assert.deepEqual(new Set(second.listJobs().map((j) => j.id)), new Set([running.id, voting.id, done.id]))
      // the crash is written back at once
      assert.equal(JSON.parse(readFileSync(join(stateDir, 'jobs', `${running.id}.json`), 'utf8')).record.status, 'crashed')
      // the nodes are free for new jobs, and those run next to the old ones
      const next = second.startJob({command: 'hi', nodes: ['c']}, 'u')
      await allEvents(second, next.id)
      assert.equal(second.getJob(next.id)?.status, 'complete')
      assert.equal(second.listJobs().length, 4)
    } finally {
      await second.close()
    }
    assert.deepEqual(readdirSync(join(stateDir, 'jobs')).filter((name) => name.endsWith('.tmp')), [])
  })

  it('a damaged job file is left out instead of stopping the engine', async () => {
    const stateDir = fresh()
    mkdirSync(join(stateDir, 'jobs'), {recursive: true})
    writeFileSync(join(stateDir, 'jobs', `${'a'.repeat(32)}.json`), '{"record": {')
    const engine = open(stateDir, [node('a')])
    try {
      assert.deepEqual(engine.listJobs(), [])
    } finally {
      await engine.close()
    }
  })
})
