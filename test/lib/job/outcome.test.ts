import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job, JobStatus, NodeStatus} from '../../../src/lib/api/types.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {failingNodes, jobExitCode, jobVerdict} from '../../../src/lib/job/outcome.js'
import {inProgressNodes, jobNodeCount, totalNodes} from '../../../src/lib/job/counts.js'

const job = (status: JobStatus, nodes: Job['nodes']): Pick<Job, 'status' | 'nodes' | 'command'> => ({status, nodes, command: 'chef-client'})
const lax = {strict: false}
const strict = {strict: true}

describe('jobExitCode', () => {
  it('complete, all succeeded → 0 (strict too)', () => {
    const j = job('complete', {succeeded: ['a', 'b']})
    assert.equal(jobExitCode(j, lax), ExitCode.Ok)
    assert.equal(jobExitCode(j, strict), ExitCode.Ok)
  })

  // Every node status alongside one succeeded node, in a complete job.
  const table: Array<[NodeStatus, number, number]> = [
    ['succeeded', 0, 0],
    ['nacked', 0, 1],
    ['unavailable', 0, 1],
    ['was_ready', 0, 1],
    ['failed', 1, 1],
    ['crashed', 1, 1],
    ['timed_out', 1, 1],
    ['aborted', 1, 1],
    ['new', 0, 1],
    ['ready', 0, 1],
    ['running', 0, 1],
  ]
  for (const [status, laxCode, strictCode] of table) {
    it(`complete with a ${status} node → ${laxCode}, strict ${strictCode}`, () => {
      const j = job('complete', {succeeded: ['a'], [status]: ['b']})
      assert.equal(jobExitCode(j, lax), laxCode)
      assert.equal(jobExitCode(j, strict), strictCode)
    })
  }

  it('complete with only nacked nodes → 0 unless strict (knife-compatible tolerance)', () => {
    const j = job('complete', {nacked: ['a'], unavailable: ['b']})
    assert.equal(jobExitCode(j, lax), ExitCode.Ok)
    assert.equal(jobExitCode(j, strict), ExitCode.NodeFailed)
  })

  it('quorum_failed → 3 whatever the nodes', () => {
    assert.equal(jobExitCode(job('quorum_failed', {nacked: ['a'], was_ready: ['b']}), lax), ExitCode.QuorumFailed)
    assert.equal(jobExitCode(job('quorum_failed', {unavailable: ['a']}), strict), ExitCode.QuorumFailed)
  })

  for (const status of ['timed_out', 'crashed', 'aborted'] as const) {
    it(`${status} → 4`, () => {
      assert.equal(jobExitCode(job(status, {succeeded: ['a'], timed_out: ['b']}), lax), ExitCode.JobAborted)
      assert.equal(jobExitCode(job(status, {succeeded: ['a']}), strict), ExitCode.JobAborted)
    })
  }

  for (const status of ['new', 'voting', 'running'] as const) {
    it(`${status} (not finished) → 8`, () => assert.equal(jobExitCode(job(status, {running: ['a']}), lax), ExitCode.WaitTimeout))
  }

  it('a job without nodes', () => assert.equal(jobExitCode(job('complete', undefined), lax), ExitCode.Ok))
})

describe('jobVerdict', () => {
  it('names the failed nodes, sorted', () => {
    const j = job('complete', {succeeded: ['web-01', 'web-02', 'web-04', 'web-05', 'web-06', 'web-08', 'web-09'], failed: ['web-07'], crashed: ['web-03']})
    assert.equal(jobVerdict(j, lax), '2 of 9 nodes failed: web-03, web-07')
  })
  it('says nothing when all succeeded', () => assert.equal(jobVerdict(job('complete', {succeeded: ['a']}), lax), undefined))
  // Each reason said apart, with what to check (a nack is often a command missing from the whitelist)
  it('mentions nodes that did not run, and why', () => {
    assert.equal(jobVerdict(job('complete', {succeeded: ['a'], nacked: ['b']}), lax), "1 of 2 nodes nacked (busy, or `chef-client` is not in the node's whitelist): b")
    assert.equal(
      jobVerdict(job('complete', {succeeded: ['a'], nacked: ['b'], unavailable: ['c', 'd']}), lax),
      "1 of 4 nodes nacked (busy, or `chef-client` is not in the node's whitelist): b\n2 of 4 nodes were unavailable (their push client is not connected): c, d",
    )
  })
  it('strict: not succeeded', () => assert.equal(jobVerdict(job('complete', {succeeded: ['a'], nacked: ['b']}), strict), '1 of 2 nodes did not succeed: b'))
  it('quorum failed', () =>
    assert.equal(
      jobVerdict(job('quorum_failed', {was_ready: ['a'], nacked: ['b'], unavailable: ['c']}), lax),
      "quorum not met: 1 of 3 nodes were ready; not ready: b, c\n1 of 3 nodes nacked (busy, or `chef-client` is not in the node's whitelist): b\n1 of 3 nodes were unavailable (their push client is not connected): c",
    ))
  it('timed out', () => assert.equal(jobVerdict(job('timed_out', {succeeded: ['a'], timed_out: ['b']}), lax), 'job timed_out: 1 of 2 nodes did not succeed: b'))
  it('long lists are cut', () => {
    const failed = Array.from({length: 12}, (_, i) => `n${String(i).padStart(2, '0')}`)
    assert.equal(jobVerdict(job('complete', {failed}), lax), '12 of 12 nodes failed: n00, n01, n02, n03, n04, n05, n06, n07, n08, n09 and 2 more')
  })
  it('failingNodes', () => assert.deepEqual(failingNodes(job('complete', {failed: ['z', 'a'], succeeded: ['m']}), lax), ['a', 'z']))
})

describe('counts', () => {
  it('totals and in-progress nodes of per-status counts', () => {
    const counts = {new: 1, ready: 1, running: 2, succeeded: 1}
    assert.equal(totalNodes(counts), 5)
    assert.equal(inProgressNodes(counts), 4)
  })
  it("a job's node count over every state, 0 without nodes", () => {
    assert.equal(jobNodeCount({nodes: {running: ['a', 'b'], succeeded: ['c'], failed: []}}), 3)
    assert.equal(jobNodeCount({}), 0)
  })
})
