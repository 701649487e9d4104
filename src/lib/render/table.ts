// `-F table`, in the compact style of `kubectl get` and `gh`: a header (the JSON field names), columns
// two spaces apart, no borders and no rule between rows. Fitted to the terminal (80 columns when it
// is unknown): long values are shortened with `…`, unless `wide` asks for them whole. Where even
// that cannot fit (a 32-character job id in a 40-column pane), each row is printed as a record of
// `header: value` lines instead, as psql's `\x auto` does, rather than rows the terminal wraps.
import {jobNodeCount} from '../job/counts.js'
import type {Job, NodeStatus} from '../api/types.js'
import {padEnd, truncate, visibleWidth} from './ansi.js'
import {palette, paintStatus} from './colors.js'
import type {NodeStatusRow} from './node-status.js'

export interface TableOptions {
  color: boolean
  /** `--wide`: never shorten a value */
  wide?: boolean
  /** the terminal's width; undefined (not a terminal): 80 */
  columns?: number
}

export const DEFAULT_TABLE_WIDTH = 80
const GAP = '  '
// A shortened column keeps at least this much (or its header, if longer).
const MIN_WIDTH = 6

interface Column {
  header: string
  /** may be shortened to fit; ids and states never are (a cut id cannot be pasted back) */
  shrink: boolean
}

// A line break or tab inside a value would break the row apart.
const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ')

const totalWidth = (widths: readonly number[]): number => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1)

/**
 * Column widths fitting `width` in all: the widest shrinkable column gives way first. Undefined
 * when nothing left to shorten makes the row fit.
 */
function fitWidths(columns: readonly Column[], natural: number[], width: number): number[] | undefined {
  const widths = [...natural]
  const floor = (i: number): number => Math.min(natural[i], Math.max(MIN_WIDTH, columns[i].header.length))
  while (totalWidth(widths) > width) {
    let widest = -1
    for (let i = 0; i < widths.length; i++) if (columns[i].shrink && widths[i] > floor(i) && (widest < 0 || widths[i] > widths[widest])) widest = i
    if (widest < 0) return undefined
    widths[widest]--
  }
  return widths
}

/**
 * Each row as `header: value` lines, a blank line between rows; values shortened to `width`.
 * The values line up when the longest one that cannot be shortened (an id) still fits that way.
 */
function drawRecords(columns: readonly Column[], cells: readonly string[][], natural: readonly number[], width: number, chalk: ReturnType<typeof palette>): string {
  const aligned = Math.max(...columns.map((column) => column.header.length)) + 2
  const whole = Math.max(0, ...natural.filter((_, i) => !columns[i].shrink))
  const labelWidth = (header: string): number => (aligned + whole <= width ? aligned : header.length + 2)
  const record = (row: readonly string[]): string =>
    columns
      .map((column, i) => {
        const label = labelWidth(column.header)
        const value = column.shrink ? truncate(row[i] ?? '', Math.max(MIN_WIDTH, width - label)) : (row[i] ?? '')
        return `${chalk.bold(`${column.header}:`.padEnd(label))}${value}`.trimEnd()
      })
      .join('\n')
  return `${cells.map(record).join('\n\n')}\n`
}

function draw(columns: readonly Column[], rows: readonly string[][], options: TableOptions): string {
  const chalk = palette(options.color)
  const cells = rows.map((row) => row.map(oneLine))
  const natural = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => visibleWidth(row[i] ?? ''))))
  const width = options.columns ?? DEFAULT_TABLE_WIDTH
  const widths = options.wide ? natural : fitWidths(columns, natural, width)
  if (!widths) return drawRecords(columns, cells, natural, width, chalk)
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === row.length - 1 ? truncate(cell, widths[i]) : padEnd(truncate(cell, widths[i]), widths[i])))
      .join(GAP)
      .trimEnd()
  const head = line(columns.map((column) => column.header))
  return `${[options.color ? chalk.bold(head) : head, ...cells.map(line)].join('\n')}\n`
}

/** Total nodes of a job, when the server sent `nodes` (GET jobs leaves it out). */
const nodeCount = (job: Partial<Job>): number | undefined => (job.nodes ? jobNodeCount(job) : undefined)

/**
 * `Tue, 04 Sep 2012 23:01:02 GMT` as `2012-09-04 23:01` (UTC): the server's HTTP date takes 29
 * columns, which with a 32-character id leaves a job row no room in 80. Kept as sent if unreadable
 * or with `--wide`.
 */
export function shortDate(httpDate: string): string {
  const time = Date.parse(httpDate)
  return Number.isNaN(time) ? httpDate : new Date(time).toISOString().slice(0, 16).replace('T', ' ')
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Every node of the job with its state, by name. */
function nodeStates(job: Partial<Job>): Array<[string, NodeStatus]> {
  const pairs = Object.entries(job.nodes ?? {}).flatMap(([status, names]) => (names ?? []).map((name): [string, NodeStatus] => [name, status as NodeStatus]))
  return pairs.sort((a, b) => byName(a[0], b[0]))
}

/**
 * Jobs as a table: id, command, status, nodes (only when some job has them), created_at. Jobs with
 * nodes (job start, job status) are followed by a second table saying which node is in which
 * state (with the job's id when there are several jobs).
 */
export function renderJobTable(jobs: ReadonlyArray<Partial<Job>>, options: TableOptions): string {
  const chalk = palette(options.color)
  const withNodes = jobs.filter((job) => job.nodes !== undefined)
  const columns: Column[] = [
    {header: 'id', shrink: false},
    {header: 'command', shrink: true},
    {header: 'status', shrink: false},
    ...(withNodes.length > 0 ? [{header: 'nodes', shrink: false}] : []),
    {header: 'created_at', shrink: false},
  ]
  const rows = jobs.map((job) => [
    job.id ?? '',
    job.command ?? '',
    paintStatus(chalk, job.status ?? ''),
    ...(withNodes.length > 0 ? [String(nodeCount(job) ?? '')] : []),
    options.wide ? (job.created_at ?? '') : shortDate(job.created_at ?? ''),
  ])
  const table = draw(columns, rows, options)
  if (withNodes.length === 0) return table
  const several = withNodes.length > 1
  const nodeColumns: Column[] = [...(several ? [{header: 'job', shrink: false}] : []), {header: 'node', shrink: true}, {header: 'status', shrink: false}]
  const nodeRows = withNodes.flatMap((job) => nodeStates(job).map(([name, status]) => [...(several ? [job.id ?? ''] : []), name, paintStatus(chalk, status)]))
  return `${table}\n${draw(nodeColumns, nodeRows, options)}`
}

/** Node states as a table: node, status, availability. */
export function renderNodeStatusTable(rows: readonly NodeStatusRow[], options: TableOptions): string {
  const chalk = palette(options.color)
  return draw(
    [
      {header: 'node', shrink: true},
      {header: 'status', shrink: false},
      {header: 'availability', shrink: false},
    ],
    rows.map((row) => [row.node_name, paintStatus(chalk, row.status), paintStatus(chalk, row.availability)]),
    options,
  )
}

/** Any list of flat objects: one column per key, in order of first appearance. */
export function renderGenericTable(rows: ReadonlyArray<Record<string, unknown>>, options: TableOptions): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))
  return draw(
    keys.map((key) => ({header: key, shrink: true})),
    rows.map((row) => keys.map((key) => text(row[key]))),
    options,
  )
}
