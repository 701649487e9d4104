import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {visibleWidth} from '../../../src/lib/render/ansi.js'
import {formatElapsed, liveLine, progressText, startedLine} from '../../../src/lib/render/progress.js'
import type {JobStatus, Job} from '../../../src/lib/api/types.js'

/** per-status counts of `nodes`, as the tracker keeps them */
const state = (status: JobStatus, nodes: Job['nodes'] = {}) => ({status, counts: Object.fromEntries(Object.entries(nodes ?? {}).filter(([, names]) => names.length > 0).map(([status, names]) => [status, names.length]))})

describe('off-TTY progress lines', () => {
  it('Started line has two spaces', () => assert.equal(startedLine('6e0b432e369904e76de6e95bac99c9e6'), 'Started.  Job ID: 6e0b432e369904e76de6e95bac99c9e6'))

  it('knife status texts', () => {
    assert.equal(progressText(state('new')), 'Initialized.')
    assert.equal(progressText(state('voting')), 'Voting.')
    assert.equal(progressText(state('complete')), 'Complete.')
    assert.equal(progressText(state('quorum_failed')), 'Quorum_failed.')
    assert.equal(progressText(state('timed_out')), 'Timed_out.')
    assert.equal(progressText(state('crashed')), 'Crashed.')
    assert.equal(progressText(state('aborted')), 'Aborted.')
  })

  it('Running counts nodes in new/ready/running, not status buckets', () => {
    const nodes = Array.from({length: 40}, (_, i) => `n${i}`)
    assert.equal(progressText(state('running', {running: nodes})), 'Running (40/40 in progress) ...')
    assert.equal(progressText(state('running', {ready: ['a', 'b'], running: ['c'], new: ['d'], succeeded: ['e'], failed: ['f']})), 'Running (4/6 in progress) ...')
    assert.equal(progressText(state('running', {running: ['a'], succeeded: ['b']})), 'Running (1/2 in progress) ...')
  })
})

describe('TTY live line', () => {
  it('spinner, status, non-zero counts, elapsed', () => {
    const line = liveLine(state('running', {running: ['a', 'b', 'c'], succeeded: ['d', 'e', 'f', 'g', 'h'], failed: ['i']}), 2, 12_345, {color: false})
    assert.equal(line, '⠹ running  3 running · 5 succeeded · 1 failed  12.3s')
  })
  it('frames wrap around', () => assert.equal(liveLine(state('voting'), 11, 0, {color: false}), '⠙ voting  0.0s'))
  it('a finished job gets a mark instead of the spinner', () => {
    assert.equal(liveLine(state('complete', {succeeded: ['a']}), 0, 1000, {color: false}), '✔ complete  1 succeeded  1.0s')
    assert.equal(liveLine(state('complete', {succeeded: ['a'], failed: ['b']}), 0, 1000, {color: false}), '✖ complete  1 succeeded · 1 failed  1.0s')
    assert.equal(liveLine(state('quorum_failed', {nacked: ['a']}), 0, 1000, {color: false}), '✖ quorum_failed  1 nacked  1.0s')
  })
  it('colours only with color on', () => {
    const s = state('running', {running: ['a'], succeeded: ['b'], failed: ['c'], nacked: ['d']})
    assert.equal(liveLine(s, 0, 0, {color: false}).includes('\u001B'), false)
    const coloured = liveLine(s, 0, 0, {color: true})
    assert.match(coloured, /\u001B\[32m1 succeeded\u001B\[39m/)
    assert.match(coloured, /\u001B\[31m1 failed\u001B\[39m/)
    assert.match(coloured, /\u001B\[33m1 nacked\u001B\[39m/)
  })
  it('elapsed time', () => {
    assert.equal(formatElapsed(0), '0.0s')
    assert.equal(formatElapsed(59_940), '59.9s')
    assert.equal(formatElapsed(60_000), '1m00s')
    assert.equal(formatElapsed(125_400), '2m05s')
  })
})

describe('TTY live line fitted to the terminal (issue 9 §3)', () => {
  const busy = state('running', {running: ['a', 'b', 'c'], succeeded: ['d', 'e', 'f', 'g', 'h'], failed: ['i']})

  it('says the status word once when it is the only count (was `running  9 running`)', () => {
    const nine = Array.from({length: 9}, (_, i) => `n${i}`)
    assert.equal(liveLine(state('running', {running: nine}), 0, 1000, {color: false}), '⠋ 9 running  1.0s')
    // Two states: the job's word stays, the counts follow.
    assert.equal(liveLine(state('running', {running: ['a'], succeeded: ['b']}), 0, 1000, {color: false}), '⠋ running  1 running · 1 succeeded  1.0s')
  })

  it('at 40 columns drops the clock and settled counts before failures, never wider than asked', () => {
    for (let width = 1; width <= 60; width++) {
      const line = liveLine(busy, 0, 12_345, {color: true, width, batch: {index: 2, count: 5}})
      assert.ok(visibleWidth(line) <= width, `width ${width}: ${JSON.stringify(line)}`)
    }
    assert.equal(liveLine(busy, 0, 12_345, {color: false, width: 39}), '⠋ running  3 running · 1 failed')
    assert.equal(liveLine(busy, 0, 12_345, {color: false, width: 30}), '⠋ running  1 failed')
    assert.equal(liveLine(busy, 0, 12_345, {color: false, width: 8}), '⠋ runni…')
  })

  it('the batch is named while there is room, and goes first', () => {
    assert.equal(liveLine(busy, 0, 1000, {color: false, batch: {index: 2, count: 5}}), '⠋ running  3 running · 5 succeeded · 1 failed  batch 2/5  1.0s')
    assert.equal(liveLine(busy, 0, 1000, {color: false, width: 51, batch: {index: 2, count: 5}}), '⠋ running  3 running · 5 succeeded · 1 failed  1.0s')
  })

  it('a cut inside colour keeps escapes whole and resets', () => {
    const line = liveLine(busy, 0, 0, {color: true, width: 5})
    assert.equal(visibleWidth(line), 5)
    assert.doesNotMatch(line.replace(/\u001B\[[0-9;]*m/g, ''), /\u001B/, 'no partial escape')
    assert.ok(line.includes('\u001B[0m'), 'colour reset after the cut')
  })
})
