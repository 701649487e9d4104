import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Io} from '../../../src/lib/cli/io.js'
import {progressReporter} from '../../../src/lib/cli/progress.js'
import {NODE_STATUSES, type NodeStatus} from '../../../src/lib/api/types.js'
import type {WaitSnapshot} from '../../../src/lib/wait/follow.js'

function fakeIo(tty: boolean): Io & {stderr: string[]} {
  const stderr: string[] = []
  return {stderr, out: () => undefined, err: (text) => void stderr.push(text), stdoutIsTTY: tty, stderrIsTTY: tty, color: false, stderrColor: false}
}

const snapshot = (status: WaitSnapshot['status'], elapsedMs: number, some: Partial<Record<NodeStatus, number>> = {}): WaitSnapshot => ({
  jobId: 'a'.repeat(32),
  status,
  counts: {...(Object.fromEntries(NODE_STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>), ...some},
  total: 2,
  transitions: [],
  elapsedMs,
  via: 'feed',
})

describe('progressReporter on a TTY', () => {
  it('keeps the elapsed time running between events, and ends on the time of the last one', () => {
    const io = fakeIo(true)
    let clock = 1000
    let draw: (() => void) | undefined
    let stopped = false
    const progress = progressReporter(io, {
      verbose: false,
      now: () => clock,
      every: (fn) => {
        draw = fn
        return () => void (stopped = true)
      },
    })
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('running', 200, {running: 2}))
    clock += 1500
    draw!()
    assert.match(io.stderr.at(-1)!, /running +2 running +1\.7s$/)
    clock += 1000
    draw!()
    assert.match(io.stderr.at(-1)!, /2\.7s$/)

    progress.update(snapshot('complete', 3000, {succeeded: 2}))
    clock += 5000
    progress.stop()
    assert.ok(stopped, 'the redraw timer is stopped')
    assert.match(io.stderr.at(-2)!, /✔ complete +2 succeeded +3\.0s$/)
    assert.equal(io.stderr.at(-1), '\n')
  })
})

describe('progressReporter off a TTY', () => {
  it("prints knife's line once per job state, and no timer", () => {
    const io = fakeIo(false)
    const progress = progressReporter(io, {verbose: false, every: () => assert.fail('no redraw off a TTY')})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('voting', 10))
    progress.update(snapshot('voting', 20))
    progress.update(snapshot('running', 30, {running: 2}))
    progress.update(snapshot('complete', 40, {succeeded: 2}))
    progress.stop()
    assert.deepEqual(io.stderr, ['Started.  Job ID: x\n', 'Voting.\n', 'Running (2/2 in progress) ...\n', 'Complete.\n'])
  })
})
