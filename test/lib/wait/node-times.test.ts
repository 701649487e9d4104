import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {NodeTimes} from '../../../src/lib/wait/node-times.js'

describe('NodeTimes: how long each node ran, as the wait saw it', () => {
  it('from the move to running to the move out of it, in seconds', () => {
    const times = new NodeTimes()
    times.apply([{node: 'a', from: 'new', to: 'ready'}, {node: 'b', from: 'new', to: 'ready'}], 100)
    times.apply([{node: 'a', from: 'ready', to: 'running'}, {node: 'b', from: 'ready', to: 'running'}], 250)
    times.apply([{node: 'a', from: 'running', to: 'succeeded'}], 1750)
    times.apply([{node: 'b', from: 'running', to: 'failed'}], 3250)
    assert.deepEqual([...times.seconds], [['a', 1.5], ['b', 3]])
  })
  it('no time for a node not seen starting (attached late) or not yet ended, nor for one that never ran', () => {
    const times = new NodeTimes()
    times.apply([{node: 'late', from: 'new', to: 'succeeded'}, {node: 'busy', from: 'new', to: 'nacked'}, {node: 'slow', from: 'ready', to: 'running'}], 500)
    assert.equal(times.seconds.size, 0)
  })
})
