// -q/--quorum: knife accepted any `^\d+%?$` and sent it unchecked, so 0, 150% or more nodes
// than the job has went to the server. pushy checks the bounds first.
import {usageError} from '../errors.js'
import {noNodesError} from './targets.js'

/** `N` nodes or `N%` of them, as typed (the flag parses it, so bad input sends nothing). */
export interface Quorum {
  text: string
  value: number
  percent: boolean
}

export interface ResolvedQuorum {
  quorum: number
  /** Said on stderr; the job is still sent. */
  warning?: string
}

const allowedText = (nodeCount?: number): string =>
  nodeCount === undefined
    ? "use a whole number of nodes (at most the job's node count), or a percentage from 1% to 100%"
    : `use a whole number of nodes from 1 to ${nodeCount}, or a percentage from 1% to 100%`

/**
 * The form, and a percentage's range: all that can be checked before the nodes are known.
 * The upper bound of `N` waits for resolveQuorum.
 */
export function parseQuorum(input: string, nodeCount?: number): Quorum {
  const match = /^(\d+)(%?)$/.exec(input.trim())
  if (!match) throw usageError(`invalid quorum '${input}': ${allowedText(nodeCount)}`)
  const quorum = {text: input, value: Number(match[1]), percent: match[2] === '%'}
  if (quorum.percent && (quorum.value < 1 || quorum.value > 100)) throw usageError(`invalid quorum '${input}': a percentage must be from 1% to 100%`)
  return quorum
}

/** The number of nodes that must agree to run, from `N` or `N%` of `nodeCount` nodes. */
export function resolveQuorum(input: Quorum | string, nodeCount: number): ResolvedQuorum {
  if (nodeCount < 1) throw noNodesError()
  const quorum = typeof input === 'string' ? parseQuorum(input, nodeCount) : input
  // Integer arithmetic: 7/100 × 100 is 7.000000000000001 in floating point, which ceil makes 8.
  if (quorum.percent) return {quorum: Math.ceil((quorum.value * nodeCount) / 100)}
  if (quorum.value === 0) return {quorum: 0, warning: 'quorum 0: the job runs even if no node agrees to run it'}
  if (quorum.value > nodeCount) {
    const nodes = nodeCount === 1 ? '1 node' : `${nodeCount} nodes`
    throw usageError(`invalid quorum '${quorum.text}': the job has only ${nodes}, so it could never start`, allowedText(nodeCount))
  }
  return {quorum: quorum.value}
}
