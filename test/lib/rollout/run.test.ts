import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job, JobStatus, NodeStatus} from '../../../src/lib/api/types.js'
import {jobExitCode} from '../../../src/lib/job/outcome.js'
import {runRollout, type RolloutDeps, type RolloutPlan} from '../../../src/lib/rollout/run.js'

/** A fake server: each node ends in the state given (default succeeded); jobs end `complete` unless told. */
function fakeServer(nodeStates: Record<string, NodeStatus> = {}, jobStatus: (index: number) => JobStatus = () => 'complete') {
  const started: Array<{index: number; nodes: string[]; quorum: number}> = []
  const pauses: number[] = []
  const controller = new AbortController()
  const deps: RolloutDeps = {
    async startBatch(index, nodes, quorum) {
      started.push({index, nodes, quorum})
      return `job-${index}`
    },
    async watchBatch(index, jobId) {
      const nodes: Job['nodes'] = {}
      for (const name of started[index].nodes) (nodes[nodeStates[name] ?? 'succeeded'] ??= []).push(name)
      const job: Job = {id: jobId, command: 'c', status: jobStatus(index), nodes, run_timeout: 1, created_at: '', updated_at: ''}
      return {job, exitCode: jobExitCode(job, {strict: false})}
    },
    async pause(ms) {
      pauses.push(ms)
      return true
    },
    signal: controller.signal,
  }
  return {deps, started, pauses, controller}
}

const plan = (batches: string[][], budget = 0, pauseMs = 0): RolloutPlan => ({batches, quorums: batches.map((b) => b.length), budget, pauseMs})
const batches = [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']]

describe('runRollout', () => {
  it('runs every batch in order, pausing between batches (not before the first)', async () => {
    const server = fakeServer()
    const outcome = await runRollout(plan(batches, 0, 250), server.deps)
    assert.deepEqual(server.started.map((s) => s.nodes), batches)
    assert.deepEqual(server.pauses, [250, 250, 250])
    assert.deepEqual(outcome.notStarted, [])
    assert.equal(outcome.stop, undefined)
    assert.deepEqual(outcome.exitCodes, [0, 0, 0, 0])
  })

  it('the batch that exceeds the budget is the last one started; the rest are not started', async () => {
    const server = fakeServer({b: 'failed', d: 'crashed', e: 'nacked'})
    const outcome = await runRollout(plan(batches, 1), server.deps)
    assert.equal(server.started.length, 2)
    assert.deepEqual(outcome.stop, {kind: 'budget', failures: 2, budget: 1})
    assert.deepEqual(outcome.notStarted, ['e', 'f', 'g'])
    assert.equal(outcome.failures, 2)
  })

  it('nacked and unavailable nodes do not spend the budget', async () => {
    const server = fakeServer({a: 'nacked', c: 'unavailable', g: 'failed'})
    const outcome = await runRollout(plan(batches, 0), server.deps)
    assert.equal(server.started.length, 4)
    assert.deepEqual(outcome.stop, {kind: 'budget', failures: 1, budget: 0})
    assert.deepEqual(outcome.notStarted, [])
  })

  it('a quorum_failed batch stops the rollout whatever the budget', async () => {
    const server = fakeServer({}, (index) => (index === 1 ? 'quorum_failed' : 'complete'))
    const outcome = await runRollout(plan(batches, 100), server.deps)
    assert.deepEqual(outcome.stop, {kind: 'job', status: 'quorum_failed'})
    assert.deepEqual(outcome.notStarted, ['e', 'f', 'g'])
    assert.deepEqual(outcome.exitCodes, [0, 3])
  })

  it('Ctrl-C while a batch runs: the wait ends, that job is left running, no further batch starts', async () => {
    const server = fakeServer()
    const watch = server.deps.watchBatch
    server.deps.watchBatch = async (index, id) => {
      if (index < 1) return watch(index, id)
      server.controller.abort()
      return {stoppedWaiting: 'interrupted'}
    }
    const outcome = await runRollout(plan(batches), server.deps)
    assert.equal(server.started.length, 2)
    assert.equal(outcome.interrupted, true)
    assert.equal(outcome.jobs.length, 1)
    assert.deepEqual(outcome.leftRunning, {id: 'job-1', nodes: ['c', 'd']})
    assert.deepEqual(outcome.notStarted, ['e', 'f', 'g'])
  })

  it('--wait-timeout while a batch runs: as Ctrl-C, that job is left running and no further batch starts', async () => {
    const server = fakeServer()
    const watch = server.deps.watchBatch
    server.deps.watchBatch = async (index, id) => (index < 1 ? watch(index, id) : {stoppedWaiting: 'wait-timeout'})
    const outcome = await runRollout(plan(batches), server.deps)
    assert.equal(server.started.length, 2)
    assert.equal(outcome.interrupted, false)
    assert.equal(outcome.waitTimedOut, true)
    assert.deepEqual(outcome.leftRunning, {id: 'job-1', nodes: ['c', 'd']})
    assert.deepEqual(outcome.notStarted, ['e', 'f', 'g'])
  })

  it('Ctrl-C during the pause: the next batch is not started', async () => {
    const server = fakeServer()
    server.deps.pause = async () => {
      server.controller.abort()
      return false
    }
    const outcome = await runRollout(plan(batches, 0, 1000), server.deps)
    assert.equal(server.started.length, 1)
    assert.equal(outcome.interrupted, true)
    assert.deepEqual(outcome.notStarted, ['c', 'd', 'e', 'f', 'g'])
  })

  it('passes each batch its own quorum', async () => {
    const server = fakeServer()
    await runRollout({batches, quorums: [2, 1, 2, 1], budget: 0, pauseMs: 0}, server.deps)
    assert.deepEqual(server.started.map((s) => s.quorum), [2, 1, 2, 1])
  })
})
