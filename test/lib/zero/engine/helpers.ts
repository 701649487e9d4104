// Shared set-up for the engine tests: small fleets, fast timings, and a way to wait for a job.
import {after} from 'node:test'
import {createEngine} from '../../../../src/lib/zero/engine/index.js'
import type {Engine, EngineOptions, FleetNode, ZeroEvent} from '../../../../src/lib/zero/types.js'

export const FAST = {votingTimeoutMs: 150, keepaliveMs: 1000, completeWaitMs: 100, orgFeedExpirationMs: 60_000}

export function node(name: string, fields: Partial<FleetNode> = {}): FleetNode {
  return {
    name,
    runList: [],
    chefEnvironment: '_default',
    attributes: {},
    whitelist: {hi: 'echo hi'},
    online: true,
    vote: 'ack',
    run: 'succeed',
    delayMs: 5,
    exec: false,
    ...fields,
  }
}

const open: Engine[] = []
after(async () => {
  for (const engine of open) await engine.close()
})

/** an engine closed when the test file ends */
export function engineWith(nodes: FleetNode[], options: Partial<EngineOptions> = {}): Engine {
  const engine = createEngine({org: 'test', fleet: {nodes}, ...options, timings: {...FAST, ...options.timings}})
  open.push(engine)
  return engine
}

/** every event of a job (backlog, then live) once its feed ends */
export function allEvents(engine: Engine, jobId: string): Promise<ZeroEvent[]> {
  const feed = engine.jobFeed(jobId, undefined)
  if (!feed) throw new Error(`no job ${jobId}`)
  if (feed.kind === 'summary') throw new Error('job already gone')
  if (feed.kind === 'finished') return Promise.resolve(feed.backlog)
  const events = [...feed.backlog]
  return new Promise((resolve) => {
    feed.subscribe(
      (event) => events.push(event),
      () => resolve(events),
    )
  })
}

/** resolves once the job's feed (backlog, then live) has an event that `match` accepts */
export function eventSeen(engine: Engine, jobId: string, match: (event: ZeroEvent) => boolean): Promise<void> {
  const feed = engine.jobFeed(jobId, undefined)
  if (feed?.kind !== 'live') return feed?.kind === 'finished' && feed.backlog.some(match) ? Promise.resolve() : Promise.reject(new Error(`job ${jobId} has no live feed`))
  if (feed.backlog.some(match)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const stop = feed.subscribe(
      (event) => {
        if (!match(event)) return
        stop()
        resolve()
      },
      () => reject(new Error(`job ${jobId} ended without the event`)),
    )
  })
}

/** events as compact strings: `quorum_vote web-1 success`, `job_complete complete` */
export function sequence(events: ZeroEvent[]): string[] {
  return events.map((e) => [e.event, e.data.node, e.data.status].filter((part) => part !== undefined).join(' '))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
