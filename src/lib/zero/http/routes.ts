// The route table: the real server's routes under /organizations/ORG/pushy/, `/pushy/_status`, and
// the Chef node and search routes `-s` needs. A path with no route gets webmachine's 404, before
// any method or auth check; a known path with another method gets 405.

export type RouteName =
  | 'status'
  | 'config'
  | 'jobs'
  | 'job'
  | 'output'
  | 'nodeStates'
  | 'nodeState'
  | 'orgFeed'
  | 'jobFeed'
  | 'search'
  | 'nodes'
  | 'node'

export interface Route {
  name: RouteName
  /** the org named in the path (undefined for `_status`) */
  org?: string
  /** job id, node name, output channel or search index, depending on the route */
  params: {id?: string; node?: string; channel?: 'stdout' | 'stderr'; index?: string}
  methods: readonly string[]
}

const GET = ['GET'] as const
const GET_POST = ['GET', 'POST'] as const

/** Segments of the path, percent-decoded; empty ones dropped (webmachine tokenizes the same way). */
function segments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}

/** `pushVersion` 1 has no output or feed routes. */
export function matchRoute(pathname: string, pushVersion: 1 | 2): Route | undefined {
  const parts = segments(pathname)
  if (!parts) return undefined
  if (parts.length === 2 && parts[0] === 'pushy' && parts[1] === '_status') return {name: 'status', params: {}, methods: GET}
  if (parts.length < 3 || parts[0] !== 'organizations') return undefined
  const [, org, area, ...rest] = parts
  const route = (name: RouteName, methods: readonly string[], params: Route['params'] = {}): Route => ({name, org, params, methods})

  if (area === 'search' && rest.length === 1) return route('search', GET_POST, {index: rest[0]})
  if (area === 'nodes' && rest.length === 0) return route('nodes', GET)
  if (area === 'nodes' && rest.length === 1) return route('node', GET, {node: rest[0]})
  if (area !== 'pushy') return undefined

  const [first, id, ...tail] = rest
  const v2 = pushVersion === 2
  switch (first) {
    case 'jobs': {
      if (id === undefined) return route('jobs', GET_POST)
      if (tail.length === 0) return route('job', GET, {id})
      if (v2 && tail.length === 3 && tail[0] === 'output' && (tail[2] === 'stdout' || tail[2] === 'stderr')) return route('output', GET, {id, node: tail[1], channel: tail[2]})
      return undefined
    }

    case 'node_states': {
      if (id === undefined) return route('nodeStates', GET)
      return tail.length === 0 ? route('nodeState', GET, {node: id}) : undefined
    }

    case 'job_status_feed': {
      if (!v2) return undefined
      if (id === undefined) return route('orgFeed', GET)
      return tail.length === 0 ? route('jobFeed', GET, {id}) : undefined
    }

    case 'config': {
      // The node agent's bootstrap; `config` with no node has no route.
      return id !== undefined && tail.length === 0 ? route('config', GET, {node: id}) : undefined
    }

    default: {
      return undefined
    }
  }
}
