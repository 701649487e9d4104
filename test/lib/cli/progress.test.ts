import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Io} from '../../../src/lib/cli/io.js'
import {progressReporter, resolveProgressMode, type ProgressOptions} from '../../../src/lib/cli/progress.js'
import {NODE_STATUSES, type NodeStatus} from '../../../src/lib/api/types.js'
import type {WaitSnapshot} from '../../../src/lib/wait/follow.js'
import type {NodeTransition} from '../../../src/lib/wait/tracker.js'

interface FakeIo extends Io {
  stderr: string[]
  columns: number | undefined
  rows: number | undefined
  resize(columns: number, rows: number): void
}

function fakeIo(tty: boolean, columns = 80, rows = 24): FakeIo {
  const stderr: string[] = []
  const listeners = new Set<() => void>()
  const io: FakeIo = {
    stderr,
    out: () => undefined,
    err: (text) => void stderr.push(text),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    color: false,
    stderrColor: false,
    columns: tty ? columns : undefined,
    rows: tty ? rows : undefined,
    onResize(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    resize(c, r) {
      io.columns = c
      io.rows = r
      for (const listener of listeners) listener()
    },
  }
  return io
}

/**
 * A terminal just good enough for what the live view writes: text with autowrap, \r, \n, cursor
 * up (CSI A), erase to line end (CSI K) and below (CSI J); SGR ignored. `rows` holds every row
 * ever written (scrollback included), so lines left behind by a bad redraw show up.
 */
function screen(output: string, columns: number): string[] {
  const rows: string[][] = [[]]
  let row = 0
  let col = 0
  const put = (char: string): void => {
    if (col >= columns) {
      row++
      col = 0
    }
    rows[row] ??= []
    rows[row][col++] = char
  }
  for (let i = 0; i < output.length; i++) {
    const char = output[i]
    if (char === '\u001B') {
      const match = /^\u001B\[(\d*)([A-Za-z])/.exec(output.slice(i))
      assert.ok(match, `unexpected escape at ${JSON.stringify(output.slice(i, i + 8))}`)
      i += match[0].length - 1
      const n = Number(match[1] || 1)
      if (match[2] === 'A') row = Math.max(0, row - n)
      else if (match[2] === 'K') rows[row]?.splice(col)
      else if (match[2] === 'J') {
        rows[row]?.splice(col)
        rows.splice(row + 1)
      } else assert.equal(match[2], 'm', `unexpected CSI ${match[0]}`)
    } else if (char === '\r') col = 0
    else if (char === '\n') {
      row++
      col = 0
      rows[row] ??= []
    } else put(char)
  }
  return rows.map((cells) => Array.from(cells, (c) => c ?? ' ').join(''))
}

const zero = (): Record<NodeStatus, number> => Object.fromEntries(NODE_STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>

const snapshot = (status: WaitSnapshot['status'], elapsedMs: number, some: Partial<Record<NodeStatus, number>> = {}, transitions: NodeTransition[] = []): WaitSnapshot => ({
  jobId: 'a'.repeat(32),
  status,
  counts: {...zero(), ...some},
  total: Object.values(some).reduce((a, b) => a + b, 0) || 2,
  transitions,
  elapsedMs,
  via: 'feed',
})

function manualTimer() {
  const timer = {draw: undefined as (() => void) | undefined, stopped: false}
  const every: ProgressOptions['every'] = (fn) => {
    timer.draw = fn
    return () => void (timer.stopped = true)
  }
  return {timer, every}
}

describe('resolveProgressMode', () => {
  it('auto and live: live on a TTY, plain otherwise; others as given', () => {
    assert.equal(resolveProgressMode('auto', {stderrIsTTY: true}), 'live')
    assert.equal(resolveProgressMode(undefined, {stderrIsTTY: false}), 'plain')
    assert.equal(resolveProgressMode('live', {stderrIsTTY: false}), 'plain')
    assert.equal(resolveProgressMode('json', {stderrIsTTY: true}), 'json')
    assert.equal(resolveProgressMode('none', {stderrIsTTY: true}), 'none')
  })
})

describe('progressReporter live', () => {
  it('keeps the elapsed time running between events, and ends on the time of the last one', () => {
    const io = fakeIo(true)
    let clock = 1000
    const {timer, every} = manualTimer()
    const progress = progressReporter(io, {mode: 'live', verbose: false, now: () => clock, every})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('running', 200, {running: 2}))
    clock += 1500
    timer.draw!()
    assert.match(screen(io.stderr.join(''), 80)[1], /^⠋ 2 running {2}1\.7s$/, 'the status word once')
    clock += 1000
    timer.draw!()
    assert.match(screen(io.stderr.join(''), 80)[1], /2\.7s$/)

    progress.update(snapshot('complete', 3000, {succeeded: 2}))
    clock += 5000
    progress.stop()
    assert.ok(timer.stopped, 'the redraw timer is stopped')
    assert.deepEqual(screen(io.stderr.join(''), 80), ['Started.  Job ID: x', '✔ complete  2 succeeded  3.0s', ''], 'the view is replaced by one line')
  })

  it('never runs the clock backwards: stopped while running (Ctrl-C) it keeps the larger time', () => {
    const io = fakeIo(true)
    let clock = 0
    const {timer, every} = manualTimer()
    const progress = progressReporter(io, {mode: 'live', verbose: false, now: () => clock, every})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('running', 1000, {running: 2}))
    const shown: number[] = []
    for (let i = 0; i < 27; i++) {
      clock += 100
      timer.draw!()
      shown.push(Number(/([\d.]+)s$/.exec(screen(io.stderr.join(''), 80)[1])![1]))
    }
    assert.equal(shown.at(-1), 3.7)
    progress.stop()
    const last = screen(io.stderr.join(''), 80)[1]
    assert.match(last, /3\.7s$/, `was 1.0s, the time of the last event: ${last}`)
    // not a frozen spinner frame, which would look like a job still being watched
    assert.match(last, /^■ 2 running /, last)
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i] >= shown[i - 1])
  })

  it('a finished job whose last frame showed more than its end keeps what was shown', () => {
    const io = fakeIo(true)
    let clock = 0
    const {timer, every} = manualTimer()
    const progress = progressReporter(io, {mode: 'live', verbose: false, now: () => clock, every})
    progress.begin('x')
    progress.update(snapshot('running', 1000, {running: 2}))
    clock += 2000
    timer.draw!()
    progress.update(snapshot('complete', 2500, {succeeded: 2}))
    progress.stop()
    assert.match(screen(io.stderr.join(''), 80)[1], /3\.0s$/)
  })

  it('one row per node while they fit; redraws in place without leaving lines behind', () => {
    const io = fakeIo(true, 40, 10)
    let clock = 0
    const {timer, every} = manualTimer()
    const nodes = ['web-01', 'web-02', 'web-03']
    const progress = progressReporter(io, {mode: 'live', verbose: false, nodes, now: () => clock, every, batch: {index: 2, count: 5}})
    progress.begin('Batch 2/5: Started.  Job ID: x')
    progress.update(snapshot('running', 0, {running: 3}, nodes.map((node) => ({node, from: 'new', to: 'running'}))))
    for (let i = 0; i < 50; i++) {
      clock += 100
      if (i === 20) progress.update(snapshot('running', 2000, {running: 2, failed: 1}, [{node: 'web-02', from: 'running', to: 'failed'}]))
      timer.draw!()
    }
    const rows = screen(io.stderr.join(''), 40)
    assert.deepEqual(rows.slice(0, 2), ['Batch 2/5: Started.  Job ID: x', '⠏ running  2 running · 1 failed  4.9s'])
    assert.equal(rows.length, 5, 'as many rows as the view, however many frames')
    assert.match(rows[3], /^ {2}web-02 {2}failed/)
    for (const row of rows) assert.ok(row.length < 40)
  })

  it('redraws on resize, going back over the rows the old frame wraps onto', () => {
    const io = fakeIo(true, 80, 24)
    const {timer, every} = manualTimer()
    const progress = progressReporter(io, {mode: 'live', verbose: false, now: () => 0, every})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('running', 60_000, {running: 3, succeeded: 4, failed: 2, nacked: 1}))
    timer.draw!()
    const before = io.stderr.join('')
    assert.ok(screen(before, 80)[1].length > 40)
    io.stderr.length = 0
    io.resize(40, 24)
    // The terminal reflowed the 80-column frame to 40 columns; then the redraw is applied.
    const rows = screen(screen(before, 80).join('\n').replace(/\n$/, '') + io.stderr.join(''), 40)
    assert.equal(rows[0], 'Started.  Job ID: x')
    for (const row of rows.slice(1)) assert.ok(row.length <= 39, row)
    progress.stop()
  })

  it('note() prints a line above the view', () => {
    const io = fakeIo(true)
    const {timer, every} = manualTimer()
    const progress = progressReporter(io, {mode: 'live', verbose: false, now: () => 0, every})
    progress.begin('Started.')
    progress.update(snapshot('running', 0, {running: 2}))
    timer.draw!()
    progress.note('Feed dropped; reconnecting ...')
    timer.draw!()
    const rows = screen(io.stderr.join(''), 80)
    assert.deepEqual(rows.slice(0, 3), ['Started.', 'Feed dropped; reconnecting ...', '⠹ 2 running  0.0s'])
  })
})

describe('progressReporter plain', () => {
  it("prints knife's line once per job state, and no timer", () => {
    const io = fakeIo(false)
    const progress = progressReporter(io, {mode: 'plain', verbose: false, every: () => assert.fail('no redraw off a TTY')})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('voting', 10))
    progress.update(snapshot('voting', 20))
    progress.update(snapshot('running', 30, {running: 2}))
    progress.update(snapshot('complete', 40, {succeeded: 2}))
    progress.stop()
    assert.deepEqual(io.stderr, ['Started.  Job ID: x\n', 'Voting.\n', 'Running (2/2 in progress) ...\n', 'Complete.\n'])
  })
  it('is the default off a TTY; -V adds node transitions', () => {
    const io = fakeIo(false)
    const progress = progressReporter(io, {verbose: true})
    progress.update(snapshot('running', 30, {running: 1}, [{node: 'a', from: 'new', to: 'running'}]))
    assert.deepEqual(io.stderr, ['  a: new -> running\n', 'Running (1/1 in progress) ...\n'])
  })
})

describe('progressReporter json', () => {
  it('one object per line for each job status change and node transition', () => {
    const io = fakeIo(true)
    const progress = progressReporter(io, {mode: 'json', verbose: false, wallClock: () => Date.UTC(2024, 0, 2, 3, 4, 5), batch: {index: 2, count: 3}})
    progress.begin('Started.  Job ID: x')
    progress.update(snapshot('voting', 10, {ready: 1}, [{node: 'a', from: 'new', to: 'ready'}]))
    progress.update(snapshot('voting', 20, {ready: 1}))
    progress.update(snapshot('running', 30, {running: 1}, [{node: 'a', from: 'ready', to: 'running'}]))
    progress.stop()
    const id = 'a'.repeat(32)
    const at = '2024-01-02T03:04:05.000Z'
    assert.deepEqual(
      io.stderr.map((line) => {
        assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'))
        return JSON.parse(line)
      }),
      [
        {type: 'job', job: id, status: 'voting', at, batch: 2},
        {type: 'node', job: id, node: 'a', from: 'new', to: 'ready', at, batch: 2},
        {type: 'job', job: id, status: 'running', at, batch: 2},
        {type: 'node', job: id, node: 'a', from: 'ready', to: 'running', at, batch: 2},
      ],
    )
  })
})

describe('progressReporter none', () => {
  it('prints nothing', () => {
    const io = fakeIo(true)
    const progress = progressReporter(io, {mode: 'none', verbose: true, every: () => assert.fail('no timer')})
    progress.begin('Started.')
    progress.update(snapshot('running', 30, {running: 1}, [{node: 'a', from: 'new', to: 'running'}]))
    progress.note('x')
    progress.stop()
    assert.deepEqual(io.stderr, [])
  })
})
