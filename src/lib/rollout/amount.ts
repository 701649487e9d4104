// `N` or `N%`: the form --batch-size and --max-failures share. Parsed by the flags (so a bad
// value sends nothing); turned into a number of nodes once the targets are known.
import {usageError} from '../errors.js'

export interface Amount {
  text: string
  value: number
  percent: boolean
}

/** `N` (a whole number, at least `min`) or `N%` (0..100, or 1..100 when min is 1). */
export function parseAmount(flag: string, input: string, min: 0 | 1): Amount {
  const match = /^(\d+)(%?)$/.exec(input.trim())
  const allowed = min === 1 ? 'a whole number of nodes (at least 1) or a percentage from 1% to 100%' : 'a whole number of nodes or a percentage from 0% to 100%'
  if (!match) throw usageError(`${flag} '${input}' is not ${allowed}`)
  const amount = {text: input.trim(), value: Number(match[1]), percent: match[2] === '%'}
  if (!Number.isSafeInteger(amount.value) || amount.value < min || (amount.percent && amount.value > 100)) throw usageError(`${flag} '${input}' is out of range: use ${allowed}`)
  return amount
}

/** Batch size for `total` targets: N% rounds up, and a batch has at least one node. */
export function batchSizeOf(amount: Amount, total: number): number {
  // Integer arithmetic: 7 × 100 / 100 in floating point can land above 7 and round up to 8.
  const size = amount.percent ? Math.ceil((amount.value * total) / 100) : amount.value
  return Math.max(1, size)
}

/**
 * The failure budget: the rollout stops once more nodes than this have failed. For N% the
 * budget is exceeded when failures / total > N% (Ansible's max_fail_percentage), which for whole
 * counts is the same as failures > floor(N% of total).
 */
export function failureBudgetOf(amount: Amount, total: number): number {
  return amount.percent ? Math.floor((amount.value * total) / 100) : amount.value
}
