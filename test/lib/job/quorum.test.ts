import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {PushyError} from '../../../src/lib/errors.js'
import {parseQuorum, resolveQuorum} from '../../../src/lib/job/quorum.js'

const usage = (pattern: RegExp) => (error: unknown) => error instanceof PushyError && error.exitCode === ExitCode.Usage && pattern.test(error.message)

describe('resolveQuorum', () => {
  it('defaults to 100%, i.e. every node', () => {
    assert.deepEqual(resolveQuorum('100%', 7), {quorum: 7})
  })

  it('N% is ceil(N/100 × count), as knife', () => {
    assert.deepEqual(resolveQuorum('90%', 5), {quorum: 5})
    assert.deepEqual(resolveQuorum('50%', 5), {quorum: 3})
    assert.deepEqual(resolveQuorum('1%', 1), {quorum: 1})
    assert.deepEqual(resolveQuorum('1%', 10_000), {quorum: 100})
  })

  it('N% does not suffer floating-point error (7% of 100 is 7, not 8)', () => {
    assert.deepEqual(resolveQuorum('7%', 100), {quorum: 7})
    assert.deepEqual(resolveQuorum('29%', 100), {quorum: 29})
    for (let n = 1; n <= 100; n++) assert.equal(resolveQuorum(`${n}%`, 100).quorum, n)
  })

  it('N is sent as is, 1..count', () => {
    assert.deepEqual(resolveQuorum('1', 3), {quorum: 1})
    assert.deepEqual(resolveQuorum('3', 3), {quorum: 3})
    assert.deepEqual(resolveQuorum(' 2 ', 3), {quorum: 2})
  })

  it('0 is allowed with a warning', () => {
    const result = resolveQuorum('0', 3)
    assert.equal(result.quorum, 0)
    assert.match(result.warning ?? '', /quorum 0/)
  })

  const bad: Array<[string, RegExp]> = [
    ['abc', /invalid quorum 'abc': use a whole number of nodes from 1 to 3, or a percentage from 1% to 100%/],
    ['0%', /percentage must be from 1% to 100%/],
    ['150%', /percentage must be from 1% to 100%/],
    ['101%', /percentage must be from 1% to 100%/],
    ['-1', /invalid quorum '-1'/],
    ['1.5', /invalid quorum '1.5'/],
    ['50.5%', /invalid quorum '50.5%'/],
    ['', /invalid quorum ''/],
    ['%', /invalid quorum '%'/],
    ['5', /only 3 nodes/],
    ['1e3', /invalid quorum/],
  ]
  for (const [input, message] of bad) {
    it(`refuses '${input}' with 3 nodes`, () => assert.throws(() => resolveQuorum(input, 3), usage(message)))
  }

  it('says "1 node" in the singular', () => assert.throws(() => resolveQuorum('2', 1), usage(/only 1 node,/)))
  it('refuses a job with no nodes', () => assert.throws(() => resolveQuorum('100%', 0), usage(/no nodes/)))
  it('parses once, before the node count is known, and resolves the parsed form', () => {
    assert.deepEqual(resolveQuorum(parseQuorum('50%'), 5), {quorum: 3})
    assert.throws(() => parseQuorum('x'), usage(/at most the job's node count/))
    assert.throws(() => parseQuorum('0%'), usage(/from 1% to 100%/))
    assert.throws(() => resolveQuorum(parseQuorum('4'), 3), usage(/only 3 nodes/))
  })
})
