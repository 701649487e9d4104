import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {NODE_STATUSES, type JobStatus, type NodeStatus} from '../../../src/lib/api/types.js'
import {stripAnsi, visibleWidth} from '../../../src/lib/render/ansi.js'
import {LiveBoard} from '../../../src/lib/render/live-board.js'
import {eraseView, redrawView, screenRows} from '../../../src/lib/render/live-screen.js'
import {renderLiveView, type LiveViewState} from '../../../src/lib/render/live-view.js'

const zero = (): Record<NodeStatus, number> => Object.fromEntries(NODE_STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>

function stateOf(board: LiveBoard, status: JobStatus, total = board.size): LiveViewState {
  const counts = zero()
  for (const node of board.nodes()) counts[node.status]++
  counts.new += total - board.size
  return {status, counts, total, board}
}

const names = (n: number): string[] => Array.from({length: n}, (_, i) => `web-${String(i + 1).padStart(2, '0')}`)

describe('LiveBoard', () => {
  it('keeps each node state and since when; run time once it finished', () => {
    const board = new LiveBoard(['a', 'b'])
    board.apply([{node: 'a', from: 'new', to: 'running'}], 1000)
    board.apply([{node: 'a', from: 'running', to: 'failed'}, {node: 'c', from: 'new', to: 'ready'}], 3500)
    assert.deepEqual(board.get('a'), {name: 'a', status: 'failed', sinceMs: 3500, runMs: 2500})
    assert.deepEqual(board.get('b'), {name: 'b', status: 'new', sinceMs: 0})
    assert.equal(board.size, 3)
    assert.equal(board.countIn('new'), 1)
  })
  it('longestIn: the nodes in a state longest first, without sorting', () => {
    const board = new LiveBoard()
    board.apply([{node: 'z', from: 'new', to: 'running'}], 10)
    board.apply([{node: 'a', from: 'new', to: 'running'}], 20)
    board.apply([{node: 'm', from: 'new', to: 'running'}], 30)
    board.apply([{node: 'z', from: 'running', to: 'succeeded'}], 40)
    assert.deepEqual(board.longestIn('running', 5).map((n) => n.name), ['a', 'm'])
    assert.deepEqual(board.longestIn('running', 1).map((n) => n.name), ['a'])
    assert.deepEqual(board.longestIn('failed', 3), [])
  })
})

describe('renderLiveView: nodes that fit the screen', () => {
  const board = new LiveBoard(names(5))
  board.apply([{node: 'web-01', from: 'new', to: 'running'}, {node: 'web-02', from: 'new', to: 'running'}], 1000)
  board.apply([{node: 'web-02', from: 'running', to: 'failed'}, {node: 'web-03', from: 'new', to: 'nacked'}], 4000)
  const state = {...stateOf(board, 'running'), batch: {index: 2, count: 5}}

  it('a header, then one line per node by name, with its state and time in it', () => {
    const lines = renderLiveView(state, {columns: 80, rows: 24, now: 6500, color: false, frame: 0})
    assert.deepEqual(lines, [
      '⠋ running  2 new · 1 running · 1 failed · 1 nacked  batch 2/5  6.5s',
      '  web-01  running      5.5s',
      '  web-02  failed       3.0s',
      '  web-03  nacked',
      '  web-04  new          6.5s',
      '  web-05  new          6.5s',
    ])
  })
  it('failed nodes in red', () => {
    const lines = renderLiveView(state, {columns: 80, rows: 24, now: 6500, color: true, frame: 0})
    assert.match(lines[2], /^ {2}\u001B\[31mweb-02/)
    assert.doesNotMatch(lines[1], /\u001B\[31m/)
  })
  it('nodes not named by any event yet are one line', () => {
    const partial = new LiveBoard()
    partial.apply([{node: 'a', from: 'new', to: 'ready'}], 100)
    const lines = renderLiveView(stateOf(partial, 'voting', 4), {columns: 80, rows: 24, now: 200, color: false, frame: 1})
    assert.deepEqual(lines, ['⠙ voting  3 new · 1 ready  0.2s', '  a  ready        0.1s', '  3 more not heard from yet'])
  })
})

describe('renderLiveView: more nodes than rows', () => {
  const board = new LiveBoard(names(60))
  board.apply(names(40).map((node) => ({node, from: 'new' as const, to: 'running' as const})), 1000)
  board.apply([{node: 'web-07', from: 'running', to: 'failed'}, {node: 'web-09', from: 'running', to: 'crashed'}], 2000)
  board.apply([{node: 'web-01', from: 'running', to: 'succeeded'}], 2500)
  const state = stateOf(board, 'running')

  it('counts, failures and the nodes running longest, fitted to the height', () => {
    const lines = renderLiveView(state, {columns: 80, rows: 10, now: 9000, color: false, frame: 0})
    assert.equal(lines.length, 9, 'rows - 1: the cursor keeps a row')
    assert.deepEqual(lines.slice(0, 5), [
      '⠋ running  9.0s',
      '  20 new · 37 running · 1 succeeded · 1 failed · 1 crashed',
      '  failed: web-07, web-09',
      '  running longest:',
      '  web-02  running      8.0s',
    ])
    assert.equal(lines[8], '  web-06  running      8.0s')
  })

  for (const [columns, rows] of [[80, 24], [40, 10], [20, 5], [2, 2], [1, 1]]) {
    it(`every line fits ${columns}x${rows}`, () => {
      const lines = renderLiveView(state, {columns, rows, now: 9000, color: true, frame: 3})
      assert.ok(lines.length >= 1 && lines.length <= Math.max(1, rows - 1))
      for (const line of lines) assert.ok(visibleWidth(line) <= Math.max(1, columns - 1), `${columns}x${rows}: ${JSON.stringify(stripAnsi(line))}`)
    })
  }

  it('a 10,000-node frame reads only what it shows', () => {
    const big = new LiveBoard(Array.from({length: 10_000}, (_, i) => `n${i}`))
    big.apply(Array.from({length: 10_000}, (_, i) => ({node: `n${i}`, from: 'new' as const, to: 'running' as const})), 5)
    const bigState = stateOf(big, 'running')
    let reads = 0
    const counting = {...bigState, board: {...big, size: big.size, countIn: big.countIn.bind(big), nodes: () => assert.fail('no full listing'), longestIn: (s: NodeStatus, k: number) => {
      const found = big.longestIn(s, k)
      reads += found.length
      return found
    }}}
    const lines = renderLiveView(counting, {columns: 80, rows: 24, now: 10, color: false, frame: 0})
    assert.equal(lines.length, 23)
    assert.ok(reads < 100, `read ${reads} nodes`)
  })
})

describe('live-screen escapes', () => {
  it('redraw goes up to the first row, erases each line end and below', () => {
    assert.equal(redrawView(0, ['a', 'b']), 'a\u001B[K\nb\u001B[K\u001B[J')
    assert.equal(redrawView(3, ['a']), '\r\u001B[2Aa\u001B[K\u001B[J')
    assert.equal(redrawView(1, ['a']), '\ra\u001B[K\u001B[J')
  })
  it('erase leaves the cursor where the view began', () => {
    assert.equal(eraseView(0), '')
    assert.equal(eraseView(2), '\r\u001B[1A\u001B[J')
  })
  it('rows after a shrink count the wrapped lines', () => {
    assert.equal(screenRows(['x'.repeat(79), '', 'abc'], 80), 3)
    assert.equal(screenRows(['x'.repeat(79), '', 'abc'], 40), 4)
  })
})
