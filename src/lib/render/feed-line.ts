// `job feed`: one line per org-feed event for people, or one JSON object per line (NDJSON).
import type {FeedEvent} from '../api/types.js'
import {palette, paintStatus} from './colors.js'

// Longest org/job feed event name is `start_of_history`.
const EVENT_WIDTH = 16

/** The server's `2014-07-10 05:17:44.995958Z` as `2014-07-10T05:17:44Z` (UTC, whole seconds). */
export function formatFeedTime(timestamp: string): string {
  const ms = Date.parse(timestamp.replace(' ', 'T'))
  return Number.isNaN(ms) ? timestamp : `${new Date(ms).toISOString().slice(0, 19)}Z`
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

/**
 * `TIME  EVENT  JOB  [NODE]  [COMMAND]  [N nodes]  [by USER]  [STATUS]`; columns appear only
 * when the event has that field.
 */
export function renderFeedLine(event: FeedEvent, color: boolean): string {
  const chalk = palette(color)
  const data = event.data
  const columns = [chalk.dim(formatFeedTime(data.timestamp)), chalk.bold(event.event.padEnd(EVENT_WIDTH))]
  const job = text(data.job)
  if (job) columns.push(job)
  const node = text(data.node)
  if (node) columns.push(node)
  const command = text(data.command)
  if (command) columns.push(JSON.stringify(command))
  if (typeof data.node_count === 'number') columns.push(data.node_count === 1 ? '1 node' : `${data.node_count} nodes`)
  const user = text(data.user)
  if (user) columns.push(`by ${user}`)
  const status = text(data.status)
  if (status) columns.push(paintStatus(chalk, status))
  return `${columns.join('  ').trimEnd()}\n`
}

/** One NDJSON line: `{"event":NAME,"id":EVENT_ID,…the event's data fields}`. */
export function renderFeedJson(event: FeedEvent): string {
  const {event: _event, id: _id, ...fields} = event.data as Record<string, unknown>
  return `${JSON.stringify({event: event.event, id: event.id, ...fields})}\n`
}
