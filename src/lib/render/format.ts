// -F dispatch. Commands that list things usually call a specific table renderer; `renderAs`
// recognises jobs and node states by shape so `-F table` works for them anywhere. The renderers
// are pure and synchronous; `renderAs` is asynchronous only so that js-yaml (~1 ms to load) is
// loaded for `-F yaml` alone.
import {renderJson} from './json.js'
import {renderSummary} from './summary.js'
import {renderGenericTable, renderJobTable, renderNodeStatusTable} from './table.js'
import type {NodeStatusRow} from './node-status.js'
import type {Job} from '../api/types.js'

import type {OutputFormat} from './output-formats.js'

export {OUTPUT_FORMATS, type OutputFormat} from './output-formats.js'

export interface RenderOptions {
  color: boolean
  /** -F table: `--wide` shows every value whole */
  wide?: boolean
  /** -F table: stdout's width on a TTY (io.stdoutColumns); undefined: 80 */
  columns?: number
}

type Row = Record<string, unknown>

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value)
const isJobRow = (row: Row): boolean => typeof row.id === 'string' && typeof row.command === 'string'
const isNodeRow = (row: Row): boolean => typeof row.node_name === 'string' && typeof row.availability === 'string'

function renderTable(data: unknown, options: RenderOptions): string {
  const rows = Array.isArray(data) ? data : [data]
  // Tables hold rows of objects; anything else reads best in knife's summary form.
  if (!rows.every(isRow)) return renderSummary(data, options)
  if (rows.length > 0 && rows.every(isJobRow)) return renderJobTable(rows as Array<Partial<Job>>, options)
  if (rows.length > 0 && rows.every(isNodeRow)) {
    const nodeRows = rows.map((row) => ({...row, status: row.status ?? 'online'}) as NodeStatusRow)
    return renderNodeStatusTable(nodeRows, options)
  }
  return renderGenericTable(rows, options)
}

/** `data` rendered in `format`, ready for stdout. */
export async function renderAs(format: OutputFormat, data: unknown, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'summary':
    case 'text':
      return renderSummary(data, options)
    case 'json':
      return renderJson(data)
    case 'yaml':
      return (await import('./yaml.js')).renderYaml(data)
    case 'table':
      return renderTable(data, options)
  }
}
