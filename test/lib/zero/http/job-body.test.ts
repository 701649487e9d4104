import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {validateJobBody} from '../../../../src/lib/zero/http/job-body.js'
import {hasDuplicateKeys} from '../../../../src/lib/zero/http/json-keys.js'

const message = (body: unknown, version: 1 | 2 = 2): string | undefined => {
  const result = validateJobBody(typeof body === 'string' ? body : JSON.stringify(body), version)
  return result.kind === 'invalid' ? result.message : result.kind
}

const base = {command: 'x', nodes: ['a']}

describe('POST jobs validation', () => {
  it('accepts the documented edge cases', () => {
    for (const body of [{command: '', nodes: ['a']}, {...base, quorum: 999}, {...base, run_timeout: 0}, {...base, quorum: 0.5}, {...base, env: {}}, {...base, file: 'raw:'}]) {
      assert.equal(message(body), 'ok', JSON.stringify(body))
    }
  })

  it('names each bad key with the real message', () => {
    const cases: Array<[unknown, string]> = [
      [{nodes: ['a']}, 'invalid command supplied'],
      [{command: 5, nodes: ['a']}, 'invalid command supplied'],
      [{command: 'x'}, 'at least one node must be supplied'],
      [{command: 'x', nodes: 'a'}, 'at least one node must be supplied'],
      [{command: 'x', nodes: [1]}, 'at least one node must be supplied'],
      [{command: 'x', nodes: []}, 'at least one node must be supplied'],
      [{...base, run_timeout: '5'}, 'invalid type supplied for run_timeout (expected a number)'],
      [{...base, quorum: '1'}, 'invalid type supplied for quorum (expected a number)'],
      [{...base, quorum: null}, 'invalid type supplied for quorum (expected a number)'],
      [{...base, user: 1}, 'an unknown validation error has occurred'],
      [{...base, dir: []}, 'an unknown validation error has occurred'],
      [{...base, env: []}, 'an unknown validation error has occurred'],
      [{...base, env: {A: 1}}, 'an unknown validation error has occurred'],
      [{...base, file: 7}, 'an unknown validation error has occurred'],
      [{...base, capture_output: 'yes'}, 'invalid type supplied for capture_output (expected a boolean)'],
      [{...base, capture: true}, 'invalid key supplied'],
      [{...base, file: 'text'}, "invalid file contents (expected 'base64:...' or 'raw:...')"],
      [{...base, file: 'base64:!!!!'}, "invalid file contents (couldn't decode base64 string)"],
      [{...base, file: 'base64:abc'}, "invalid file contents (couldn't decode base64 string)"],
      [{...base, file: `raw:${'x'.repeat(100_001)}`}, 'invalid file size (must be <= 100000 bytes)'],
      [{...base, file: `base64:${Buffer.alloc(100_001).toString('base64')}`}, 'invalid file size (must be <= 100000 bytes)'],
    ]
    for (const [body, expected] of cases) assert.equal(message(body), expected, JSON.stringify(body).slice(0, 80))
    assert.equal(message({...base, file: `raw:${'x'.repeat(100_000)}`}), 'ok', 'exactly 100,000 bytes is allowed')
    assert.equal(message({...base, file: `base64:${Buffer.from('hi').toString('base64')}`}), 'ok')
  })

  it('checks in order: types in key order, unknown keys, empty nodes, duplicate env, file', () => {
    assert.equal(message({capture_output: 1, quorum: 'x', command: 1, nodes: 2}), 'invalid command supplied')
    assert.equal(message({...base, capture_output: 1, quorum: 'x'}), 'invalid type supplied for quorum (expected a number)')
    assert.equal(message({command: 'x', nodes: [], bogus: 1}), 'invalid key supplied')
    assert.equal(message('{"command":"x","nodes":[],"env":{"A":"1","A":"2"}}'), 'at least one node must be supplied')
    assert.equal(message('{"command":"x","nodes":["a"],"file":"nope","env":{"A":"1","A":"2"}}'), 'invalid environment value (duplicate key)')
    assert.equal(message({...base, file: 'nope', capture_output: 'no'}), 'invalid type supplied for capture_output (expected a boolean)')
  })

  it('treats 2.x keys as unknown in 1.x mode', () => {
    assert.equal(message({...base, user: 5}, 1), 'invalid key supplied')
    assert.equal(message({...base, quorum: 1, run_timeout: 3}, 1), 'ok')
  })

  it('invalid JSON or a non-object crashes as on the real server (500)', () => {
    assert.equal(message('{'), 'crash')
    assert.equal(message('[]'), 'crash')
    assert.equal(message('"x"'), 'crash')
  })

  it('maps keys to the engine request', () => {
    const result = validateJobBody(JSON.stringify({command: 'c', nodes: ['a'], quorum: 1, run_timeout: 2, user: 'u', dir: '/d', env: {K: 'v'}, file: 'raw:f', capture_output: false}), 2)
    assert.deepEqual(result, {kind: 'ok', request: {command: 'c', nodes: ['a'], quorum: 1, runTimeout: 2, user: 'u', dir: '/d', env: {K: 'v'}, file: 'raw:f', captureOutput: false}})
  })
})

describe('hasDuplicateKeys', () => {
  it('finds duplicates only inside the named top-level member', () => {
    assert.equal(hasDuplicateKeys('{"env":{"a":"1","b":"2"}}', 'env'), false)
    assert.equal(hasDuplicateKeys(' { "x" : {"a":1,"a":2}, "env" : { "a" : "}\\"," , "a" : "x" } } ', 'env'), true)
    assert.equal(hasDuplicateKeys('{"x":{"env":{"a":1,"a":2}},"env":{"a":"1"}}', 'env'), false)
    assert.equal(hasDuplicateKeys('{"nested":[{"a":[1,{"b":"]"}]}],"env":{"k":"1","k":"1"}}', 'env'), true)
    assert.equal(hasDuplicateKeys('[]', 'env'), false)
  })
})
