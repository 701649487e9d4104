// The zero engine: jobs, simulated nodes, events and feeds of a local Push Jobs server, behind the
// Engine contract of ../types.ts. It opens no sockets; the HTTP front serves it.
import {statSync} from 'node:fs'
import {userInfo} from 'node:os'
import type {Job, NodeState, NodeStateListEntry} from '../../api/types.js'
import {DEFAULT_TIMINGS, type Engine, type EngineOptions, type JobStartRequest, type NodeObject} from '../types.js'
import {ExecPool} from './exec.js'
import {jobFeed, OrgFeedLog, type FeedSource} from './feeds.js'
import {newJobId, orgPrefix} from './ids.js'
import {JobRun, jobView, type JobHooks, type JobRecord} from './job.js'
import {NodeAgent} from './node-agent.js'
import {nodeObject} from './search.js'
import {Store, type StoredJob} from './store.js'
import {rfc1123} from './time.js'

const DEFAULT_RUN_TIMEOUT = 3600
const DEFAULT_MAX_CONCURRENT_EXEC = 8

export function createEngine(options: EngineOptions): Engine {
  const now = options.now ?? (() => new Date())
  const timings = {...DEFAULT_TIMINGS, ...options.timings}
  const prefix = orgPrefix(options.org)
  const pool = new ExecPool(options.maxConcurrentExec ?? DEFAULT_MAX_CONCURRENT_EXEC)
  const osUser = currentUser()
  const fleet = new Map(options.fleet.nodes.map((node) => [node.name, node]))
  const agents = new Map(options.fleet.nodes.map((node) => [node.name, new NodeAgent(node, pool, osUser)]))
  const store = new Store(options.stateDir)
  const orgFeed = new OrgFeedLog(now, timings.orgFeedExpirationMs)
  /** every job of the org in creation order: this engine's runs and those read from the state dir */
  const jobs = new Map<string, JobRun | StoredJob>()
  for (const job of store.load(now())) jobs.set(job.record.id, job)
  let nodeObjects: NodeObject[] | undefined
  let closed = false

  const hooks: JobHooks = {
    changed: (job, jobStatus) => store.save(job, jobStatus),
    orgEvent: (job, event) => orgFeed.relay(job.id, event),
    exited: (job) => {
      // written when the job finished, so a dead job's events and output need not stay in memory
      // (long `pushy zero` runs)
      if (!store.persistent) return
      job.outputs = new Map()
      job.log.events = undefined
    },
  }

  const runs = () => [...jobs.values()].filter((job): job is JobRun => job instanceof JobRun)

  return {
    org: options.org,

    startJob(request: JobStartRequest, requestor: string): Job {
      // the real server 500s on duplicates (unique constraint); zero runs each node once instead
      const names = [...new Set(request.nodes)]
      let id = newJobId(prefix)
      while (jobs.has(id)) id = newJobId(prefix)
      const createdAt = rfc1123(now())
      const record: JobRecord = {
        id,
        command: request.command,
        status: 'new',
        runTimeout: request.runTimeout ?? DEFAULT_RUN_TIMEOUT,
        quorum: request.quorum ?? names.length,
        createdAt,
        updatedAt: createdAt,
        requestor,
        captureOutput: request.captureOutput ?? false,
      }
      if (request.user !== undefined) record.user = request.user
      if (request.dir !== undefined) record.dir = request.dir
      if (request.env !== undefined) record.env = request.env
      if (request.file !== undefined) record.file = request.file
      const dirExists = request.dir === undefined || isDirectory(request.dir)
      const job = new JobRun(record, new Map(names.map((name) => [name, 'new'])), {agents, timings, now, hooks, dirExists})
      jobs.set(id, job)
      job.start()
      return jobView(record, job.nodes)
    },

    getJob(id, getOptions) {
      const job = jobs.get(id)
      return job && jobView(job.record, job.nodes, getOptions?.includeFile === true)
    },

    listJobs() {
      return [...jobs.values()].map((job) => jobView(job.record, undefined))
    },

    onlineNodeStates(): NodeStateListEntry[] {
      return [...fleet.values()].filter((node) => node.online).map((node) => ({node_name: node.name, availability: 'available'}))
    },

    nodeState(name: string): NodeState {
      // a node busy in a job is still available (the server's node process does not track jobs)
      return fleet.get(name)?.online ? {node_name: name, status: 'online', availability: 'available'} : {node_name: name, status: 'offline', availability: 'unavailable'}
    },

    output(jobId, node, channel) {
      const job = jobs.get(jobId)
      if (!job) return undefined
      // a live job's output file is still growing, so the store (which caches a file) is only
      // asked once the job's process is gone and its output left memory
      if (job instanceof JobRun && (job.alive || !store.persistent)) return job.outputs.get(node)?.[channel]
      return store.readOutput(jobId, node)?.[channel]
    },

    jobFeed(jobId, lastEventId) {
      const job = jobs.get(jobId)
      if (!job) return undefined
      const view = () => jobView(job.record, job.nodes)
      const source: FeedSource = job instanceof JobRun ? {log: job.log, alive: job.alive, finished: job.finished, view} : {alive: false, finished: true, view}
      return jobFeed(source, lastEventId, now)
    },

    orgFeed: (lastEventId) => orgFeed.feed(lastEventId),

    nodes() {
      nodeObjects ??= options.fleet.nodes.map((node) => nodeObject(node))
      return nodeObjects
    },

    liveJobIds: () => runs().filter((job) => job.alive).map((job) => job.id),

    async close() {
      if (closed) return
      closed = true
      const live = runs().filter((job) => job.alive)
      for (const job of live) job.stop()
      pool.close()
      store.closeWith(live)
    },
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** the only run-as user a node on this machine accepts */
function currentUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? ''
  }
}
