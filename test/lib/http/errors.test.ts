import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {bodyExcerpt, exitCodeForStatus, serverMessage} from '../../../src/lib/http/errors.js'
import {DEFAULT_RETRY, retryDelay} from '../../../src/lib/http/retry.js'

describe('exitCodeForStatus', () => {
  it('maps the statuses of docs/exit-codes.md', () => {
    const table = [400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 503, 301].map((status) => [status, exitCodeForStatus(status)])
    assert.deepEqual(table, [
      [400, ExitCode.Usage],
      [401, ExitCode.Auth],
      [403, ExitCode.Auth],
      [404, ExitCode.NotFound],
      [405, ExitCode.Usage],
      [409, ExitCode.Usage],
      [413, ExitCode.Usage],
      [429, ExitCode.Server],
      [500, ExitCode.Server],
      [502, ExitCode.Server],
      [503, ExitCode.Server],
      [301, ExitCode.Server],
    ])
  })
})

describe('serverMessage', () => {
  const message = (text: string) => serverMessage(Buffer.from(text))
  it('reads both Chef body shapes', () => {
    assert.equal(message('{"error":"invalid key supplied"}'), 'invalid key supplied')
    assert.equal(message('{"error":["one", "two"]}'), 'one; two')
  })

  it('has nothing for HTML, garbage, empty or other JSON', () => {
    for (const text of ['<html><body>500</body></html>', '{"error": nope', '', '{"message":"x"}', '{"error":[]}', '{"error":[1]}', 'null']) {
      assert.equal(message(text), undefined, text)
    }
  })

  it('excerpts a page as one short line of text', () => {
    assert.equal(bodyExcerpt(Buffer.from('<h1>Internal\n\nError</h1><p>x</p>')), 'Internal Error x')
    assert.equal(bodyExcerpt(Buffer.from('a'.repeat(300)), 10), `${'a'.repeat(10)}…`)
  })
})

describe('retryDelay', () => {
  const policy = {...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 300, budgetMs: 1000}
  it('backs off exponentially with jitter, capped', () => {
    for (const [attempt, low, high] of [[1, 50, 100], [2, 100, 200], [3, 150, 300], [4, 150, 300]]) {
      const delay = retryDelay(policy, {attempt, computedValue: 1, elapsedMs: 0})
      assert.ok(delay >= low && delay <= high, `attempt ${attempt}: ${delay}`)
    }
  })

  it('stops past the limit, past the budget, or when got says the failure is not retryable', () => {
    assert.equal(retryDelay(policy, {attempt: 5, computedValue: 1, elapsedMs: 0}), 0)
    assert.equal(retryDelay(policy, {attempt: 1, computedValue: 1, elapsedMs: 990}), 0)
    assert.equal(retryDelay(policy, {attempt: 1, computedValue: 0, elapsedMs: 0}), 0)
  })

  it('waits what Retry-After says, if it fits the budget', () => {
    assert.equal(retryDelay(policy, {attempt: 1, computedValue: 700, retryAfter: 700, elapsedMs: 100}), 700)
    assert.equal(retryDelay(policy, {attempt: 1, computedValue: 700, retryAfter: 700, elapsedMs: 400}), 0)
  })
})
