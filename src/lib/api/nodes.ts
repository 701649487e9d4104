import type {ChefClient} from '../http/types.js'
import {mapBounded} from '../map-bounded.js'
import type {NodeState, NodeStateListEntry} from './types.js'

/** Nodes whose push client is heartbeating (the server leaves offline nodes out). */
export const listNodeStates = (client: ChefClient): Promise<NodeStateListEntry[]> => client.get<NodeStateListEntry[]>('pushy/node_states')

/** Never 404: a node the server has not seen is offline/unavailable. */
export const getNodeState = (client: ChefClient, name: string): Promise<NodeState> =>
  client.get<NodeState>(`pushy/node_states/${encodeURIComponent(name)}`)

/** Look-ups in flight at once: quick on 1,000 nodes, polite to the server. */
const LOOKUP_CONCURRENCY = 16

/**
 * The states of `names`, in their order, looked up one by one (the list endpoint leaves offline
 * nodes out, so a named node must be asked for).
 */
export const getNodeStates = (client: ChefClient, names: readonly string[]): Promise<NodeState[]> =>
  mapBounded(names, LOOKUP_CONCURRENCY, (name) => getNodeState(client, name))
