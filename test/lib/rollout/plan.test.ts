import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {parseQuorum} from '../../../src/lib/job/quorum.js'
import {batchSizeOf, failureBudgetOf, parseAmount} from '../../../src/lib/rollout/amount.js'
import {quorumsFor, splitIntoBatches} from '../../../src/lib/rollout/batches.js'

const usage = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof PushyError && error.exitCode === 2 && pattern.test(error.message))

describe('parseAmount', () => {
  it('reads N and N%', () => {
    assert.deepEqual(parseAmount('--batch-size', '10', 1), {text: '10', value: 10, percent: false})
    assert.deepEqual(parseAmount('--batch-size', ' 25% ', 1), {text: '25%', value: 25, percent: true})
    assert.deepEqual(parseAmount('--max-failures', '0', 0), {text: '0', value: 0, percent: false})
  })
  it('refuses what is not a whole number or percentage, and out-of-range values', () => {
    usage(() => parseAmount('--batch-size', '0', 1), /--batch-size '0' is out of range/)
    usage(() => parseAmount('--batch-size', '0%', 1), /out of range/)
    usage(() => parseAmount('--batch-size', '101%', 1), /out of range/)
    usage(() => parseAmount('--batch-size', '1.5', 1), /is not a whole number/)
    usage(() => parseAmount('--max-failures', '-1', 0), /--max-failures '-1' is not/)
    usage(() => parseAmount('--max-failures', 'ten', 0), /is not/)
  })
})

describe('batchSizeOf / failureBudgetOf', () => {
  it('N% of the targets rounds up, at least 1', () => {
    assert.equal(batchSizeOf(parseAmount('b', '10%', 1), 100), 10)
    assert.equal(batchSizeOf(parseAmount('b', '10%', 1), 95), 10)
    assert.equal(batchSizeOf(parseAmount('b', '7%', 1), 100), 7)
    assert.equal(batchSizeOf(parseAmount('b', '1%', 1), 3), 1)
    assert.equal(batchSizeOf(parseAmount('b', '25', 1), 3), 25)
  })
  it('N% budget: exceeded when failures / total > N%', () => {
    assert.equal(failureBudgetOf(parseAmount('m', '10%', 0), 100), 10)
    assert.equal(failureBudgetOf(parseAmount('m', '10%', 0), 15), 1)
    assert.equal(failureBudgetOf(parseAmount('m', '0%', 0), 15), 0)
    assert.equal(failureBudgetOf(parseAmount('m', '3', 0), 15), 3)
  })
})

describe('splitIntoBatches', () => {
  it('sorts by name, drops duplicates, and cuts consecutive batches; the last may be short', () => {
    assert.deepEqual(splitIntoBatches(['e', 'a', 'c', 'b', 'd', 'a'], 2), [['a', 'b'], ['c', 'd'], ['e']])
    assert.deepEqual(splitIntoBatches(['b', 'a'], 5), [['a', 'b']])
  })
  it('refuses a size below 1 (a bug, not user input)', () => {
    assert.throws(() => splitIntoBatches(['a'], 0), RangeError)
  })
})

describe('quorumsFor', () => {
  const batches = [['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i', 'j']]
  it('N% applies to each batch', () => {
    assert.deepEqual(quorumsFor(batches, parseQuorum('50%')).quorums, [2, 2, 1])
    assert.deepEqual(quorumsFor(batches, parseQuorum('100%')).quorums, [4, 4, 2])
  })
  it('an absolute N larger than any batch is a usage error naming that batch', () => {
    usage(() => quorumsFor(batches, parseQuorum('3')), /quorum 3 is larger than batch 3\/3, which has 2 nodes/)
    assert.deepEqual(quorumsFor(batches, parseQuorum('2')).quorums, [2, 2, 2])
  })
  it('quorum 0 warns once', () => {
    const {quorums, warning} = quorumsFor(batches, parseQuorum('0'))
    assert.deepEqual(quorums, [0, 0, 0])
    assert.match(warning ?? '', /quorum 0/)
  })
})
