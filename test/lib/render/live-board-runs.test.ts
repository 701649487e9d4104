import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {LiveBoard} from '../../../src/lib/render/live-board.js'

describe('LiveBoard.runSeconds: how long each node ran, as the wait saw it (JUnit time)', () => {
  it('from the move to running to the move out of it, in seconds', () => {
    const board = new LiveBoard()
    board.apply([{node: 'a', from: 'new', to: 'ready'}, {node: 'b', from: 'new', to: 'ready'}], 100)
    board.apply([{node: 'a', from: 'ready', to: 'running'}, {node: 'b', from: 'ready', to: 'running'}], 250)
    board.apply([{node: 'a', from: 'running', to: 'succeeded'}], 1750)
    board.apply([{node: 'b', from: 'running', to: 'failed'}], 3250)
    assert.deepEqual([...board.runSeconds()], [['a', 1.5], ['b', 3]])
  })
  it('no time for a node not seen starting (attached late) or not yet ended, nor for one that never ran', () => {
    const board = new LiveBoard()
    board.apply([{node: 'late', from: 'new', to: 'succeeded'}, {node: 'busy', from: 'new', to: 'nacked'}, {node: 'slow', from: 'ready', to: 'running'}], 500)
    assert.equal(board.runSeconds().size, 0)
  })
})
