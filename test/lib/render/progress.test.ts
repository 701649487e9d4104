import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {countNodes} from '../../../src/lib/job/counts.js'
import {formatElapsed, INITIAL_PROGRESS_TEXT, liveLine, nextProgressLine, progressText, startedLine} from '../../../src/lib/render/progress.js'
import type {JobStatus, Job} from '../../../src/lib/api/types.js'

const state = (status: JobStatus, nodes: Job['nodes'] = {}) => ({status, counts: countNodes(nodes)})

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

  it('prints a line only when the text changes', () => {
    let previous = INITIAL_PROGRESS_TEXT
    const printed: string[] = []
    const steps = [
      state('new', {new: ['a', 'b']}),
      state('voting', {new: ['a', 'b']}),
      state('voting', {ready: ['a'], new: ['b']}),
      state('running', {running: ['a', 'b']}),
      state('running', {running: ['a', 'b']}),
      state('running', {running: ['a'], succeeded: ['b']}),
      state('complete', {succeeded: ['a', 'b']}),
    ]
    for (const step of steps) {
      const line = nextProgressLine(previous, step)
      if (line !== undefined) {
        printed.push(line)
        previous = line
      }
    }
    assert.deepEqual(printed, ['Voting.', 'Running (2/2 in progress) ...', 'Running (1/2 in progress) ...', 'Complete.'])
  })
})

describe('TTY live line', () => {
  it('spinner, status, non-zero counts, elapsed', () => {
    const line = liveLine(state('running', {running: ['a', 'b', 'c'], succeeded: ['d', 'e', 'f', 'g', 'h'], failed: ['i']}), 2, 12_345, false)
    assert.equal(line, '⠹ running  3 running · 5 succeeded · 1 failed  12.3s')
  })
  it('frames wrap around', () => assert.equal(liveLine(state('voting'), 11, 0, false), '⠙ voting  0.0s'))
  it('a finished job gets a mark instead of the spinner', () => {
    assert.equal(liveLine(state('complete', {succeeded: ['a']}), 0, 1000, false), '✔ complete  1 succeeded  1.0s')
    assert.equal(liveLine(state('complete', {succeeded: ['a'], failed: ['b']}), 0, 1000, false), '✖ complete  1 succeeded · 1 failed  1.0s')
    assert.equal(liveLine(state('quorum_failed', {nacked: ['a']}), 0, 1000, false), '✖ quorum_failed  1 nacked  1.0s')
  })
  it('colours only with color on', () => {
    const s = state('running', {running: ['a'], succeeded: ['b'], failed: ['c'], nacked: ['d']})
    assert.equal(liveLine(s, 0, 0, false).includes('\u001B'), false)
    const coloured = liveLine(s, 0, 0, true)
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
