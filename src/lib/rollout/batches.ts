// Splitting a rollout's targets into batches, and checking the quorum fits every batch, before
// the first job is sent.
import {usageError} from '../errors.js'
import {resolveQuorum, type Quorum} from '../job/quorum.js'

/** Targets in name order, cut into consecutive batches of `size` (the last may be smaller). */
export function splitIntoBatches(targets: readonly string[], size: number): string[][] {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`batch size must be a positive whole number, not ${size}`)
  const sorted = [...new Set(targets)].sort()
  const batches: string[][] = []
  for (let start = 0; start < sorted.length; start += size) batches.push(sorted.slice(start, start + size))
  return batches
}

export interface BatchQuorums {
  /** the quorum sent with each batch's job */
  quorums: number[]
  warning?: string
}

/**
 * -q for each batch: `N%` of the batch, or `N` as is. An absolute quorum larger than a batch
 * could never be met by that batch, so it is a usage error before anything is sent.
 */
export function quorumsFor(batches: readonly string[][], quorum: Quorum): BatchQuorums {
  let warning: string | undefined
  const quorums = batches.map((batch, index) => {
    if (!quorum.percent && quorum.value > batch.length) {
      throw usageError(
        `quorum ${quorum.text} is larger than batch ${index + 1}/${batches.length}, which has ${batch.length} node${batch.length === 1 ? '' : 's'}`,
        `use a quorum of at most ${Math.min(...batches.map((b) => b.length))}, a percentage (applied to each batch), or a larger --batch-size`,
      )
    }
    const resolved = resolveQuorum(quorum, batch.length)
    warning ??= resolved.warning
    return resolved.quorum
  })
  return {quorums, warning}
}
