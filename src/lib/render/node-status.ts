// `node status` output: knife's `NAME<TAB>AVAILABILITY` lines, and rows for -F table / --json.
import type {NodeState, NodeStateListEntry} from '../api/types.js'

export interface NodeStatusRow {
  node_name: string
  status: NodeState['status']
  availability: NodeStateListEntry['availability']
}

/** knife's default output: one `NAME\tAVAILABILITY` line per node, in the order given, no header. */
export function renderNodeStatusLines(entries: readonly NodeStateListEntry[]): string {
  return entries.map((entry) => `${entry.node_name}\t${entry.availability}\n`).join('')
}

/**
 * Rows with all three fields. `GET node_states` lists only nodes that are connected, so an entry
 * from that list without `status` is online.
 */
export function nodeStatusRows(entries: ReadonlyArray<NodeStateListEntry | NodeState>): NodeStatusRow[] {
  return entries.map((entry) => ({
    node_name: entry.node_name,
    status: 'status' in entry ? entry.status : 'online',
    availability: entry.availability,
  }))
}
