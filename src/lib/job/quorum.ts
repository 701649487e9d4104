// -q/--quorum: knife accepted any `^\d+%?$` and sent it unchecked, so 0, 150% or more nodes
// than the job has went to the server (knife-push.md §2.2). pushy checks the bounds first.
import {usageError} from '../errors.js'

export const DEFAULT_QUORUM = '100%'

export interface ResolvedQuorum {
  quorum: number
  /** Said on stderr; the job is still sent. */
  warning?: string
}

/**
 * What can be checked before the nodes are known (so bad input sends nothing, not even a
 * search): the form, and a percentage's range. The upper bound of `N` waits for resolveQuorum.
 */
export function checkQuorumSyntax(input: string): void {
  const match = /^(\d+)(%?)$/.exec(input.trim())
  if (!match) throw usageError(`invalid quorum '${input}': use a whole number of nodes (at most the job's node count), or a percentage from 1% to 100%`)
  const n = Number(match[1])
  if (match[2] === '%' && (n < 1 || n > 100)) throw usageError(`invalid quorum '${input}': a percentage must be from 1% to 100%`)
}

/** The number of nodes that must agree to run, from `N` or `N%` of `nodeCount` nodes. */
export function resolveQuorum(input: string, nodeCount: number): ResolvedQuorum {
  if (nodeCount < 1) throw usageError('no nodes to run the job on', 'name nodes as arguments or find them with --search')
  const allowed = `use a whole number of nodes from 1 to ${nodeCount}, or a percentage from 1% to 100%`
  const match = /^(\d+)(%?)$/.exec(input.trim())
  if (!match) throw usageError(`invalid quorum '${input}': ${allowed}`)
  const n = Number(match[1])

  if (match[2] === '%') {
    if (n < 1 || n > 100) throw usageError(`invalid quorum '${input}': a percentage must be from 1% to 100%`)
    // Integer arithmetic: 7/100 × 100 is 7.000000000000001 in floating point, which ceil makes 8.
    return {quorum: Math.ceil((n * nodeCount) / 100)}
  }

  if (n === 0) {
    return {quorum: 0, warning: 'quorum 0: the job runs even if no node agrees to run it'}
  }
  if (n > nodeCount) {
    const nodes = nodeCount === 1 ? '1 node' : `${nodeCount} nodes`
    throw usageError(`invalid quorum '${input}': the job has only ${nodes}, so it could never start`, allowed)
  }
  return {quorum: n}
}
