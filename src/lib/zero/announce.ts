// What `pushy zero` says. stdout holds only the knife config lines, so `pushy zero > knife.rb`
// works; what it runs, where, and (with -V) each request it answers go to stderr.
import type {RequestLogEntry, ZeroServer} from './types.js'

export const knifeConfigLines = (server: ZeroServer): string => `chef_server_url "${server.url}"\nnode_name "${server.userName}"\nclient_key "${server.keyPath}"\n`

const nodes = (n: number): string => `${n} node${n === 1 ? '' : 's'}`

/** Which fleet, how many nodes, where it serves and keeps its state. */
export function startLines(server: ZeroServer, fleetFile: string | undefined, stateDir: string): string {
  const online = server.fleet.nodes.filter((node) => node.online).length
  const fleet = fleetFile === undefined ? 'the built-in fleet' : `fleet ${fleetFile}`
  return `pushy zero: ${fleet}, ${nodes(server.fleet.nodes.length)} (${online} online)\npushy zero: serving ${server.url}, state in ${stateDir} (Ctrl-C to stop)\n`
}

/** One line per request for -V: when, status, method, path and query, who signed it. */
export const requestLine = (entry: RequestLogEntry): string => `${entry.at} ${entry.status} ${entry.method} ${entry.url} (${entry.userId ?? 'unsigned'})\n`
