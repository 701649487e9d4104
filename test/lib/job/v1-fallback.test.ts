import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {PushyError} from '../../../src/lib/errors.js'
import {explainPostError, isInvalidKeyError, v2OnlyOptions} from '../../../src/lib/job/v1-fallback.js'

const invalidKey = new PushyError('invalid key supplied', ExitCode.Usage, {status: 400})
const plain = {command: 'chef-client', nodes: ['a'], quorum: 1, run_timeout: 60}

describe('1.x server refusal', () => {
  it('lists the 2.x-only options a request uses', () => {
    assert.deepEqual(v2OnlyOptions(plain), [])
    assert.deepEqual(v2OnlyOptions({...plain, capture_output: true, env: {}, dir: '/', user: 'u', file: 'raw:'}), ['--capture', '--with-env/-e', '--in-dir', '--as-user', '--file'])
  })

  it('recognises only 400 invalid key supplied', () => {
    assert.equal(isInvalidKeyError(invalidKey), true)
    assert.equal(isInvalidKeyError(new PushyError('invalid key supplied', ExitCode.Server, {status: 500})), false)
    assert.equal(isInvalidKeyError(new PushyError('invalid file size (must be <= 100000 bytes)', ExitCode.Usage, {status: 400})), false)
    assert.equal(isInvalidKeyError(new Error('invalid key supplied')), false)
  })

  it('names the options the server cannot honour, exit 2', () => {
    const error = explainPostError(invalidKey, {...plain, capture_output: true, dir: '/tmp'}) as PushyError
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.equal(error.message, 'this Push Jobs server (1.x) cannot honour --capture and --in-dir')
    assert.match(error.hint ?? '', /without those options/)
    const three = explainPostError(invalidKey, {...plain, env: {A: 'b'}, user: 'u', file: 'raw:x'}) as PushyError
    assert.equal(three.message, 'this Push Jobs server (1.x) cannot honour --with-env/-e, --as-user and --file')
  })

  it('a plain body refused the same way is reported, not retried', () => {
    const error = explainPostError(invalidKey, plain) as PushyError
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.match(error.message, /refused the job request: invalid key supplied/)
  })

  it('any other error is returned unchanged (the server message stands)', () => {
    const other = new PushyError('at least one node must be supplied', ExitCode.Usage, {status: 400})
    assert.equal(explainPostError(other, {...plain, capture_output: true}), other)
  })
})
