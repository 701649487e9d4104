// One job's event stream: ids job-1, job-2… in emission order, strictly increasing
// timestamps, the history for replays and the live subscribers of the job feed.
import type {ZeroEvent} from '../types.js'
import {Stamper} from './time.js'

interface Subscriber {
  listener: (event: ZeroEvent) => void
  onEnd: () => void
}

export class EventLog {
  /** undefined once released from memory (the job is persisted and its process is gone) */
  events: ZeroEvent[] | undefined = []
  private readonly stamper: Stamper
  private readonly subscribers = new Set<Subscriber>()
  private ended = false

  constructor(now: () => Date) {
    this.stamper = new Stamper(now)
  }

  /** `fields` in the catalogue's order; `timestamp` is put first. */
  emit(name: string, fields: Record<string, unknown> = {}): ZeroEvent {
    const events = this.events ?? []
    const event: ZeroEvent = {event: name, id: `job-${events.length + 1}`, data: {timestamp: this.stamper.next(), ...fields}}
    events.push(event)
    for (const subscriber of this.subscribers) subscriber.listener(event)
    return event
  }

  /** the events after `lastEventId`, or all of them when the id is absent or not one of ours */
  after(lastEventId: string | undefined): ZeroEvent[] {
    const events = this.events ?? []
    const match = lastEventId === undefined ? undefined : /^job-(\d+)$/.exec(lastEventId)
    const index = match ? Number(match[1]) : 0
    return index >= 1 && index <= events.length ? events.slice(index) : [...events]
  }

  subscribe(listener: (event: ZeroEvent) => void, onEnd: () => void): () => void {
    if (this.ended) {
      onEnd()
      return () => {}
    }
    const subscriber = {listener, onEnd}
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  /** after job_complete, or when the job process dies: every open feed ends */
  end(): void {
    this.ended = true
    const subscribers = [...this.subscribers]
    this.subscribers.clear()
    for (const subscriber of subscribers) subscriber.onEnd()
  }
}
