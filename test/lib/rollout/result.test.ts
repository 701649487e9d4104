import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job, JobStatus} from '../../../src/lib/api/types.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {budgetFailures, stopReason} from '../../../src/lib/rollout/decide.js'
import {nodesByState, rolloutExitCode, rolloutJson, rolloutSummary, rolloutVerdict, type RolloutOutcome} from '../../../src/lib/rollout/result.js'

const job = (id: string, status: JobStatus, nodes: Job['nodes']): Job => ({id, command: 'chef-client', status, nodes, run_timeout: 3600, created_at: 'x', updated_at: 'x'})

describe('stopReason', () => {
  it('counts failed, crashed and timed_out nodes, not nacked or unavailable', () => {
    assert.equal(budgetFailures(job('1', 'complete', {failed: ['a'], crashed: ['b'], timed_out: ['c'], nacked: ['d'], unavailable: ['e'], aborted: ['f']})), 3)
  })
  it('goes on while the count is within the budget, stops once it exceeds it', () => {
    assert.equal(stopReason({status: 'complete'}, 2, 2), undefined)
    assert.deepEqual(stopReason({status: 'complete'}, 3, 2), {kind: 'budget', failures: 3, budget: 2})
  })
  it('stops after quorum_failed, timed_out, crashed and aborted jobs whatever the budget', () => {
    for (const status of ['quorum_failed', 'timed_out', 'crashed', 'aborted'] as const) assert.deepEqual(stopReason({status}, 0, 100), {kind: 'job', status})
  })
})

describe('rollout summary', () => {
  const jobs = [job('j1', 'complete', {succeeded: ['b', 'a'], nacked: ['c']}), job('j2', 'complete', {succeeded: ['d'], failed: ['e']})]
  it('groups every batch’s nodes by state, in name order', () => {
    assert.deepEqual(nodesByState(jobs), {succeeded: ['a', 'b', 'd'], failed: ['e'], nacked: ['c']})
  })
  it('summary lists job ids in order; JSON carries the jobs themselves', () => {
    assert.deepEqual(rolloutSummary({jobs, notStarted: ['f', 'g']}), {jobs: ['j1', 'j2'], nodes: {succeeded: ['a', 'b', 'd'], failed: ['e'], nacked: ['c']}, not_started: ['f', 'g']})
    assert.deepEqual(rolloutJson({jobs, notStarted: []}).jobs, jobs)
    assert.deepEqual(rolloutJson({jobs, notStarted: [], leftRunning: {id: 'j3', nodes: ['x']}}).left_running, {id: 'j3', nodes: ['x']})
    assert.equal('left_running' in rolloutSummary({jobs, notStarted: []}), false)
  })
})

describe('rolloutExitCode', () => {
  it('the stopping batch decides', () => {
    assert.equal(rolloutExitCode({exitCodes: [4, 1], stop: {kind: 'budget', failures: 3, budget: 2}, interrupted: false}), ExitCode.NodeFailed)
    assert.equal(rolloutExitCode({exitCodes: [1, 3], stop: {kind: 'job', status: 'quorum_failed'}, interrupted: false}), ExitCode.QuorumFailed)
  })
  it('otherwise the worst: 4, then 3, then 1, then 0', () => {
    assert.equal(rolloutExitCode({exitCodes: [0, 1, 0], interrupted: false}), 1)
    assert.equal(rolloutExitCode({exitCodes: [0, 0], interrupted: false}), 0)
    assert.equal(rolloutExitCode({exitCodes: [], interrupted: false}), 0)
  })
  it('Ctrl-C: 130', () => {
    assert.equal(rolloutExitCode({exitCodes: [0], interrupted: true}), ExitCode.Interrupted)
    assert.equal(rolloutExitCode({exitCodes: [1], interrupted: false, waitTimedOut: true}), ExitCode.WaitTimeout)
  })
})

describe('rolloutVerdict', () => {
  const base: RolloutOutcome = {jobs: [job('j1', 'complete', {})], exitCodes: [1], notStarted: ['x', 'y'], batchCount: 3, interrupted: false, failures: 3}
  it('says which batch stopped it, why, and how many nodes were never reached', () => {
    assert.equal(rolloutVerdict({...base, stop: {kind: 'budget', failures: 3, budget: 2}}), 'Rollout stopped after batch 1/3: 3 nodes failed, crashed or timed out, more than --max-failures allows (2); 2 nodes not started')
    assert.equal(rolloutVerdict({...base, stop: {kind: 'job', status: 'quorum_failed'}}), 'Rollout stopped after batch 1/3: the job ended quorum_failed; 2 nodes not started')
    // the last batch: nothing was left to start, so it did not stop anything
    const last = {...base, jobs: [...base.jobs, ...base.jobs, ...base.jobs].slice(0, 3), batchCount: 3, notStarted: []}
    assert.equal(rolloutVerdict({...last, stop: {kind: 'job', status: 'quorum_failed'}}), 'Rollout ended with batch 3/3: the job ended quorum_failed')
    assert.equal(rolloutVerdict({...last, stop: {kind: 'budget', failures: 3, budget: 2}}), 'Rollout ended with batch 3/3: 3 nodes failed, crashed or timed out, more than --max-failures allows (2)')
    assert.equal(rolloutVerdict({...base, interrupted: true}), 'Rollout interrupted after batch 1/3; 2 nodes not started')
    assert.equal(
      rolloutVerdict({...base, interrupted: true, leftRunning: {id: 'j2', nodes: ['w']}}),
      'Rollout interrupted during batch 2/3 (job j2 keeps running; `pushy job watch j2` follows it); 2 nodes not started',
    )
    assert.equal(
      rolloutVerdict({...base, waitTimedOut: true, leftRunning: {id: 'j2', nodes: ['w']}}),
      'Rollout stopped waiting (--wait-timeout) during batch 2/3 (job j2 keeps running; `pushy job watch j2` follows it); 2 nodes not started',
    )
    // -z without `pushy zero`: the job does not outlive the command
    assert.equal(
      rolloutVerdict({...base, interrupted: true, leftRunning: {id: 'j2', nodes: ['w']}}, {jobsEndWithCommand: true}),
      'Rollout interrupted during batch 2/3 (job j2 ends as crashed: the local server stops with this command); 2 nodes not started',
    )
    assert.equal(rolloutVerdict({...base, notStarted: [], batchCount: 1, failures: 1}), 'Rollout complete: 1 batch, 1 node failed, crashed or timed out')
  })
})
