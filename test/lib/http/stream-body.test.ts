// webBody: the event feed's body as a web stream, read off got's stream (a PassThrough here).
import assert from 'node:assert/strict'
import {PassThrough} from 'node:stream'
import {describe, it} from 'node:test'
import {webBody} from '../../../src/lib/http/stream-body.js'

const text = (chunk: Uint8Array | undefined): string => new TextDecoder().decode(chunk)

describe('webBody', () => {
  it('hands on each chunk and ends with the response', async () => {
    const request = new PassThrough()
    const reader = webBody(request, () => new Error('unused')).getReader()
    request.write('id: 1\n')
    assert.equal(text((await reader.read()).value), 'id: 1\n')
    request.end('data: {}\n\n')
    assert.equal(text((await reader.read()).value), 'data: {}\n\n')
    assert.equal((await reader.read()).done, true)
  })

  it('errors with the response error, or with the reason when the request is destroyed without one', async () => {
    const failed = new PassThrough()
    const failing = webBody(failed, () => new Error('unused')).getReader()
    failed.destroy(new Error('socket hang up'))
    await assert.rejects(failing.read(), /socket hang up/)

    const stopped = new PassThrough()
    const reason = new DOMException('This operation was aborted', 'AbortError')
    const closing = webBody(stopped, () => reason).getReader()
    stopped.destroy()
    await assert.rejects(closing.read(), (error) => error === reason)
  })

  it('destroys the request when cancelled, and ignores what the request does after', async () => {
    const request = new PassThrough()
    const reader = webBody(request, () => new Error('unused')).getReader()
    await reader.cancel()
    assert.equal(request.destroyed, true)
    request.emit('end') // a late event must not reach the closed stream's controller (it would throw)
    assert.equal((await reader.read()).done, true)
  })
})
