import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {FeedEvent} from '../../../src/lib/api/types.js'
import {NodeTracker} from '../../../src/lib/wait/tracker.js'
import {job} from './events.js'

let next = 0
const event = (name: string, data: Record<string, unknown> = {}): FeedEvent => ({event: name, id: `job-${++next}`, data: {timestamp: '2024-01-01 00:00:00.000000Z', ...data}})

const apply = (tracker: NodeTracker, ...events: FeedEvent[]): string[] =>
  events.flatMap((e) => tracker.applyEvent(e)).map((t) => `${t.node} ${t.from}→${t.to}`)

describe('NodeTracker', () => {
  it('counts nodes not yet named as new, so counts add up to node_count', () => {
    const tracker = new NodeTracker()
    apply(tracker, event('start', {node_count: 3}), event('quorum_vote', {node: 'a', status: 'success'}))
    assert.equal(tracker.status, 'voting')
    assert.equal(tracker.total, 3)
    const counts = tracker.counts()
    assert.equal(counts.new, 2)
    assert.equal(counts.ready, 1)
    assert.equal(
      Object.values(counts).reduce((sum, n) => sum + n, 0),
      3,
    )
  })

  it('maps every quorum_vote status', () => {
    const tracker = new NodeTracker()
    const seen = apply(
      tracker,
      event('start', {node_count: 6}),
      event('quorum_vote', {node: 'ok', status: 'success'}),
      event('quorum_vote', {node: 'busy', status: 'failure'}),
      event('quorum_vote', {node: 'down', status: 'down'}),
      event('rehab', {node: 'down'}),
      event('quorum_vote', {node: 'mute', status: 'voting_timeout'}),
      event('quorum_vote', {node: 'lost', status: 'success'}),
      event('quorum_vote', {node: 'lost', status: 'lost_availibility'}),
      event('quorum_vote', {node: 'ok', status: 'unexpected_commit'}),
      event('quorum_vote', {node: 'late', status: 'client_died_while_voting'}),
    )
    assert.deepEqual(seen, ['ok new→ready', 'busy new→nacked', 'down new→unavailable', 'mute new→unavailable', 'lost new→ready', 'lost ready→unavailable', 'late new→unavailable'])
  })

  it('maps every run_complete status and never moves a node out of a final state', () => {
    const tracker = new NodeTracker()
    const nodes = ['s', 'f', 'n', 'nr', 'c', 'd']
    apply(tracker, event('start', {node_count: nodes.length}), ...nodes.map((node) => event('quorum_vote', {node, status: 'success'})), event('quorum_succeeded'))
    assert.equal(tracker.status, 'running')
    const seen = apply(
      tracker,
      ...['s', 'f', 'nr', 'c', 'd'].map((node) => event('run_start', {node})),
      event('run_complete', {node: 's', status: 'success'}),
      event('run_complete', {node: 'f', status: 'failure'}),
      event('rehab', {node: 'n'}),
      event('run_complete', {node: 'n', status: 'run_nacked'}),
      event('run_complete', {node: 'nr', status: 'run_nacked_while_running'}),
      event('run_complete', {node: 'c', status: 'crashed'}),
      event('run_complete', {node: 'd', status: 'client_died_while_running'}),
      // a node that already succeeded and then misbehaves stays succeeded
      event('run_complete', {node: 's', status: 'client_died_while_running'}),
      event('job_complete', {status: 'complete'}),
    )
    assert.deepEqual(seen.slice(5), ['s running→succeeded', 'f running→failed', 'n ready→failed', 'nr running→failed', 'c running→crashed', 'd running→crashed'])
    assert.equal(tracker.nodeStatus('s'), 'succeeded')
    assert.equal(tracker.status, 'complete')
  })

  it('quorum_failed turns ready nodes into was_ready', () => {
    const tracker = new NodeTracker()
    const seen = apply(
      tracker,
      event('start', {node_count: 2}),
      event('quorum_vote', {node: 'a', status: 'success'}),
      event('quorum_vote', {node: 'b', status: 'failure'}),
      event('job_complete', {status: 'quorum_failed'}),
    )
    assert.deepEqual(seen.slice(2), ['a ready→was_ready'])
    assert.equal(tracker.status, 'quorum_failed')
  })

  it('timed_out turns ready and running nodes into timed_out', () => {
    const tracker = new NodeTracker()
    const seen = apply(
      tracker,
      event('start', {node_count: 3}),
      ...['a', 'b', 'c'].map((node) => event('quorum_vote', {node, status: 'success'})),
      event('quorum_succeeded'),
      event('run_start', {node: 'a'}),
      event('run_start', {node: 'b'}),
      event('run_complete', {node: 'b', status: 'success'}),
      event('job_complete', {status: 'timed_out'}),
    )
    assert.deepEqual(seen.slice(-2).sort(), ['a running→timed_out', 'c ready→timed_out'])
    assert.equal(tracker.counts().succeeded, 1)
  })

  it('takes a summary as the whole truth, reporting only what changed', () => {
    const tracker = new NodeTracker()
    apply(tracker, event('start', {node_count: 2}), event('quorum_vote', {node: 'a', status: 'success'}))
    const summary = {timestamp: 'x', ...job('complete', {succeeded: ['a'], unavailable: ['b']})}
    assert.deepEqual(apply(tracker, {event: 'summary', id: 'job-1', data: summary}), ['a ready→succeeded', 'b new→unavailable'])
    assert.deepEqual(apply(tracker, {event: 'summary', id: 'job-1', data: summary}), [])
    assert.equal(tracker.status, 'complete')
    assert.equal(tracker.transitions.length, 3)
  })

  it('diffs successive polled jobs', () => {
    const tracker = new NodeTracker()
    const moves = (j: ReturnType<typeof job>): string[] => tracker.applyJob(j).map((t) => `${t.node} ${t.from}→${t.to}`)
    assert.deepEqual(moves(job('voting', {new: ['a', 'b']})), [])
    assert.equal(tracker.total, 2)
    assert.equal(tracker.counts().new, 2)
    assert.deepEqual(moves(job('running', {running: ['a'], nacked: ['b']})), ['a new→running', 'b new→nacked'])
    assert.deepEqual(moves(job('running', {running: ['a'], nacked: ['b']})), [])
    assert.deepEqual(moves(job('complete', {succeeded: ['a'], nacked: ['b']})), ['a running→succeeded'])
    assert.equal(tracker.status, 'complete')
  })

  it('ignores events it does not understand', () => {
    const tracker = new NodeTracker()
    assert.deepEqual(apply(tracker, event('quorum_vote', {node: 'a', status: 'maybe'}), event('run_start', {}), event('job_complete', {status: 'bogus'}), event('something_new', {node: 'a'})), [])
    assert.equal(tracker.status, 'new')
  })
})
