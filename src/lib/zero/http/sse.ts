// SSE framing exactly as the real server's feed resource writes it.
// Live events end with a blank line. A replay of a finished job and a summary end right after
// the last event's `data:` line, with no newline and so no blank line: the real server joins
// the events with blank lines and adds nothing after them. Clients must flush at EOF to see
// that last event (the real server's own tests do).
import type {ServerResponse} from 'node:http'
import type {ZeroEvent} from '../types.js'

/** `event:`, `id:` and `data:` lines, without the newline after `data`. */
export const frameEvent = (event: ZeroEvent): string => `event: ${event.event}\nid: ${event.id}\ndata: ${JSON.stringify(event.data)}`

/** A finished job's backlog: events separated by blank lines, nothing after the last. */
export const finishedBody = (events: ZeroEvent[]): string => events.map(frameEvent).join('\n\n')

/** A long-finished job: the one summary event, no trailing newline. */
export const summaryBody = (event: ZeroEvent): string => frameEvent(event)

export const SSE_HEADERS = {'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no'} as const

export const KEEPALIVE = ':keepalive\n'

/**
 * An open event stream: chunked 200 with the SSE headers, one write per event, and a
 * `:keepalive` comment whenever `keepaliveMs` pass with nothing sent (the timer restarts after
 * every write, keep-alives included).
 */
export class SseStream {
  private timer: NodeJS.Timeout | undefined
  private ended = false

  constructor(
    private readonly res: ServerResponse,
    private readonly keepaliveMs: number,
  ) {
    res.writeHead(200, SSE_HEADERS)
    // Send the head now: a client waiting for live events must see the 200 at once.
    res.flushHeaders()
    res.once('close', () => this.stop())
    this.arm()
  }

  get closed(): boolean {
    return this.ended || this.res.destroyed
  }

  send(event: ZeroEvent): void {
    this.write(`${frameEvent(event)}\n\n`)
  }

  /** Ends the response normally (final empty chunk). */
  end(): void {
    if (this.closed) return
    this.stop()
    this.res.end()
  }

  /** Drops the connection without ending the response, as a network failure would. */
  destroy(): void {
    this.stop()
    this.res.socket?.destroy()
    this.res.destroy()
  }

  private write(text: string): void {
    if (this.closed) return
    this.res.write(text)
    this.arm()
  }

  private arm(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.write(KEEPALIVE), this.keepaliveMs)
    this.timer.unref()
  }

  private stop(): void {
    this.ended = true
    clearTimeout(this.timer)
  }
}
