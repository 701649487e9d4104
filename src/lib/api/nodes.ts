import type {ChefClient} from '../http/types.js'
import type {NodeState, NodeStateListEntry} from './types.js'

/** Nodes whose push client is heartbeating (the server leaves offline nodes out). */
export const listNodeStates = (client: ChefClient): Promise<NodeStateListEntry[]> => client.get<NodeStateListEntry[]>('pushy/node_states')

/** Never 404: a node the server has not seen is offline/unavailable. */
export const getNodeState = (client: ChefClient, name: string): Promise<NodeState> =>
  client.get<NodeState>(`pushy/node_states/${encodeURIComponent(name)}`)

/** Runs `worker` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await worker(items[index])
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, lane))
  return results
}
