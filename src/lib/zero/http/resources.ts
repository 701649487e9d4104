// What each route does once every check has passed (webmachine's resource_exists onwards).
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Engine, JobStartRequest} from '../types.js'
import {extractPartial, SearchParameterError, type NodeIndex, type PartialSpec} from '../search/index.js'
import {QuerySyntaxError} from '../search/query.js'
import {isJsonContentType} from './accept.js'
import {serveJobFeed, serveOrgFeed, type FeedContext} from './feeds.js'
import {empty, errorList, json, notFoundPage, type Reply} from './responses.js'
import type {Route} from './routes.js'

export interface ResourceContext extends FeedContext {
  engine: Engine
  index: NodeIndex
  pushVersion: 1 | 2
  /** `scheme://127.0.0.1[:port]` for this request */
  origin: string
}

export interface ResourceRequest {
  req: IncomingMessage
  res: ServerResponse
  route: Route
  query: URLSearchParams
  userId: string
  /** set for POST jobs and POST search, validated before auth */
  jobRequest?: JobStartRequest
  partial?: PartialSpec
}

/** A Reply to write, or undefined when a stream has taken over the response. */
export function serveResource(request: ResourceRequest, context: ResourceContext): Reply | undefined {
  const {route, query, req} = request
  const {engine} = context
  const orgUrl = `${context.origin}/organizations/${engine.org}`
  const {id = '', node = ''} = route.params
  switch (route.name) {
    case 'status': {
      return undefined
    }

    case 'config': {
      // Local nodes are simulated in-process: no ZeroMQ sockets or session keys to hand out,
      // so this is the documented shape minus the transport fields.
      return json(200, {
        type: 'config',
        host: '127.0.0.1',
        push_jobs: {heartbeat: {interval: 10, offline_threshold: 3, online_threshold: 2}},
        node,
        organization: engine.org,
        lifetime: 3600,
        max_message_skew: 300,
        max_body_size: 63_000,
      })
    }

    case 'jobs': {
      if (req.method === 'GET') return json(200, engine.listJobs())
      // 415 comes last in webmachine's order, after create_path.
      if (!isJsonContentType(req.headers['content-type'])) return empty(415)
      const job = engine.startJob(request.jobRequest!, request.userId)
      const uri = `${orgUrl}/pushy/jobs/${job.id}`
      return json(201, {uri}, {Location: uri})
    }

    case 'job': {
      const job = engine.getJob(id, {includeFile: context.pushVersion === 2 && query.get('include_file') === 'true'})
      return job ? json(200, job) : notFoundPage()
    }

    case 'output': {
      const bytes = engine.output(id, node, route.params.channel!)
      return bytes ? {status: 200, headers: {'Content-Type': 'application/octet-stream'}, body: bytes} : notFoundPage()
    }

    case 'nodeStates': {
      return json(200, engine.onlineNodeStates())
    }

    case 'nodeState': {
      return json(200, engine.nodeState(node))
    }

    case 'jobFeed': {
      const feed = engine.jobFeed(id, lastEventId(req))
      return feed ? serveJobFeed(feed, request.res, context) : notFoundPage()
    }

    case 'orgFeed': {
      serveOrgFeed(engine.orgFeed(lastEventId(req)), request.res, context)
      return undefined
    }

    case 'search': {
      return search(request, context, orgUrl)
    }

    case 'nodes': {
      return json(200, Object.fromEntries(context.index.names().map((name) => [name, `${orgUrl}/nodes/${encodeURIComponent(name)}`])))
    }

    case 'node': {
      const found = context.index.find(node)
      return found ? json(200, found) : errorList(404, `Cannot load node ${node}`)
    }
  }
}

const lastEventId = (req: IncomingMessage): string | undefined => {
  const value = req.headers['last-event-id']
  return Array.isArray(value) ? value[0] : value
}

function search(request: ResourceRequest, context: ResourceContext, orgUrl: string): Reply {
  const {route, query, req} = request
  if (route.params.index !== 'node') return errorList(404, `I don't know how to search for ${route.params.index} data objects.`)
  if (req.method === 'POST' && !isJsonContentType(req.headers['content-type'])) return empty(415)
  let page
  try {
    page = context.index.search({q: query.get('q'), start: query.get('start'), rows: query.get('rows'), sort: query.get('sort')})
  } catch (error) {
    if (error instanceof QuerySyntaxError) return errorList(400, `invalid search query: '${query.get('q')}' (${error.message})`)
    if (error instanceof SearchParameterError) return errorList(400, error.message)
    throw error
  }

  if (!request.partial) return json(200, page)
  const spec = request.partial
  const rows = page.rows.map((node) => ({url: `${orgUrl}/nodes/${encodeURIComponent(node.name)}`, data: extractPartial(node, spec)}))
  return json(200, {...page, rows})
}
