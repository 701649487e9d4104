import type {ChefClient} from '../http/types.js'
import type {NodeState, NodeStateListEntry} from './types.js'

/** Nodes whose push client is heartbeating (the server leaves offline nodes out). */
export const listNodeStates = (client: ChefClient): Promise<NodeStateListEntry[]> => client.get<NodeStateListEntry[]>('pushy/node_states')

/** Never 404: a node the server has not seen is offline/unavailable. */
export const getNodeState = (client: ChefClient, name: string): Promise<NodeState> =>
  client.get<NodeState>(`pushy/node_states/${encodeURIComponent(name)}`)
