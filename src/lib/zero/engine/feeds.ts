// What a feed request gets. The HTTP front frames it as SSE.
import type {Job} from '../../api/types.js'
import type {JobFeed, OrgFeed, ZeroEvent} from '../types.js'
import type {EventLog} from './events.js'
import {sseTimestamp} from './time.js'

/** a job as the feed sees it: its events while its process lives, else only its GET body */
export interface FeedSource {
  log?: EventLog
  alive: boolean
  finished: boolean
  view(): Job
}

export function jobFeed(source: FeedSource, lastEventId: string | undefined, now: () => Date): JobFeed {
  const {log} = source
  if (log && source.alive && !source.finished) {
    return {kind: 'live', backlog: log.after(lastEventId), subscribe: (listener, onEnd) => log.subscribe(listener, onEnd)}
  }
  if (log && source.alive) return {kind: 'finished', backlog: log.after(lastEventId)}
  // the process is gone: one summary, Last-Event-ID ignored; view() never carries the file contents
  return {kind: 'summary', event: {event: 'summary', id: 'job-1', data: {timestamp: sseTimestamp(now().getTime() * 1000), ...source.view()}}}
}

interface Retained {
  event: ZeroEvent
  at: number
}

/** The per-org relay of `start` and `job_complete` events, kept for `expirationMs`. */
export class OrgFeedLog {
  private retained: Retained[] = []
  private counter = 0
  private readonly listeners = new Set<(event: ZeroEvent) => void>()

  constructor(
    private readonly now: () => Date,
    private readonly expirationMs: number,
  ) {}

  /** the job event with `job` placed right after `timestamp`, a new org-N id, the original timestamp */
  relay(jobId: string, jobEvent: ZeroEvent): void {
    const {timestamp, ...rest} = jobEvent.data
    const event: ZeroEvent = {event: jobEvent.event, id: `org-${++this.counter}`, data: {timestamp, job: jobId, ...rest}}
    this.prune()
    this.retained.push({event, at: this.now().getTime()})
    for (const listener of this.listeners) listener(event)
  }

  feed(lastEventId: string | undefined): OrgFeed {
    this.prune()
    const subscribe = (listener: (event: ZeroEvent) => void) => {
      this.listeners.add(listener)
      return () => this.listeners.delete(listener)
    }
    // no Last-Event-ID: no history at all
    if (lastEventId === undefined) return {backlog: [], subscribe}
    const index = this.retained.findIndex((entry) => entry.event.id === lastEventId)
    const events = this.retained.map((entry) => entry.event)
    if (index >= 0) return {backlog: events.slice(index + 1), subscribe}
    const startOfHistory: ZeroEvent = {
      event: 'start_of_history',
      id: 'start_id',
      data: {timestamp: sseTimestamp((this.now().getTime() - this.expirationMs) * 1000)},
    }
    return {backlog: [startOfHistory, ...events], subscribe}
  }

  private prune(): void {
    const oldest = this.now().getTime() - this.expirationMs
    const keep = this.retained.findIndex((entry) => entry.at > oldest)
    this.retained = keep < 0 ? [] : this.retained.slice(keep)
  }
}
