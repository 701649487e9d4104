// The nodes a job runs on: NODE arguments and search results together (knife ignored the
// arguments when -s was given), without duplicates, in the order first seen.
import {usageError, type PushyError} from '../errors.js'
import {validateNodeName} from './names.js'

/** Nothing would be sent: said the same way wherever it is found. */
export const noNodesError = (why?: string): PushyError =>
  usageError(`no nodes to run the job on${why ? `: ${why}` : ''}`, 'name nodes as arguments or find them with --search QUERY')

export function mergeTargets(args: readonly string[], searched: readonly string[] = []): string[] {
  const nodes = [...new Set([...args, ...searched])]
  for (const node of nodes) validateNodeName(node)
  return nodes
}

/** mergeTargets, refusing an empty result (nothing would be sent). */
export function requireTargets(args: readonly string[], searched: readonly string[] | undefined): string[] {
  const nodes = mergeTargets(args, searched)
  if (nodes.length === 0) {
    throw noNodesError(searched === undefined ? 'no nodes were named' : 'the search found no nodes and none were named')
  }
  return nodes
}
