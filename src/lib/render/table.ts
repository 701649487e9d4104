// `-F table`. cli-table3 colours through @colors/colors, which detects the terminal by itself,
// so its styling is switched off and cells are painted here with the --color decision.
import Table from 'cli-table3'
import type {Job} from '../api/types.js'
import {palette, paintStatus} from './colors.js'
import type {NodeStatusRow} from './node-status.js'

export interface TableOptions {
  color: boolean
}

type Cell = string | number

function draw(head: string[], rows: Cell[][], options: TableOptions): string {
  const chalk = palette(options.color)
  const table = new Table({head: head.map((h) => chalk.bold(h)), style: {head: [], border: []}})
  table.push(...rows)
  return `${table.toString()}\n`
}

/** Total nodes of a job, when the server sent `nodes` (GET jobs leaves it out). */
function nodeCount(job: Partial<Job>): number | undefined {
  if (!job.nodes) return undefined
  return Object.values(job.nodes).reduce((sum, names) => sum + (names?.length ?? 0), 0)
}

/** Jobs as a table: id, command, status, nodes (only when some job has them), created_at. */
export function renderJobTable(jobs: ReadonlyArray<Partial<Job>>, options: TableOptions): string {
  const chalk = palette(options.color)
  const withNodes = jobs.some((job) => job.nodes !== undefined)
  const head = withNodes ? ['id', 'command', 'status', 'nodes', 'created_at'] : ['id', 'command', 'status', 'created_at']
  const rows = jobs.map((job) => {
    const status = job.status ?? ''
    const cells: Cell[] = [job.id ?? '', job.command ?? '', paintStatus(chalk, status)]
    if (withNodes) cells.push(nodeCount(job) ?? '')
    cells.push(job.created_at ?? '')
    return cells
  })
  return draw(head, rows, options)
}

/** Node states as a table: node, status, availability. */
export function renderNodeStatusTable(rows: readonly NodeStatusRow[], options: TableOptions): string {
  const chalk = palette(options.color)
  return draw(
    ['node', 'status', 'availability'],
    rows.map((row) => [row.node_name, paintStatus(chalk, row.status), paintStatus(chalk, row.availability)]),
    options,
  )
}

/** Any list of flat objects: one column per key, in order of first appearance. */
export function renderGenericTable(rows: ReadonlyArray<Record<string, unknown>>, options: TableOptions): string {
  const head = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))
  return draw(
    head,
    rows.map((row) => head.map((key) => text(row[key]))),
    options,
  )
}
