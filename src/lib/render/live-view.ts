// The live view of a running job (TTY only): a header line, then one line per node while the nodes
// fit the screen (like `docker compose up`), else the per-state counts, the failed nodes and the
// nodes running longest. Every line fits the width, and the view fits the height.
import type {ChalkInstance} from 'chalk'
import {IN_PROGRESS_NODE_STATUSES, NODE_STATUSES, type NodeStatus} from '../api/types.js'
import {FAILED_NODE_STATUSES} from '../job/outcome.js'
import {padEnd, truncate, visibleWidth} from './ansi.js'
import {palette, paintStatus} from './colors.js'
import type {BoardNode, BoardView} from './live-board.js'
import {countParts, formatElapsed, liveLine, type BatchPosition, type ProgressState} from './progress.js'

export interface LiveViewState extends ProgressState {
  /** node_count, or the nodes seen: nodes not known by name yet are counted as `new` */
  total: number
  board: BoardView
  batch?: BatchPosition
}

export interface LiveViewOptions {
  columns: number
  rows: number
  /** the job's clock now (ms, as WaitSnapshot.elapsedMs) */
  now: number
  color: boolean
  /** spinner frame */
  frame: number
}

// The widest node state word (`unavailable`), so state columns line up whatever the states.
const STATUS_WIDTH = Math.max(...NODE_STATUSES.map((s) => s.length))
const INDENT = '  '

/** The largest view that a terminal of this size shows without scrolling or wrapping. */
export function viewSize(columns: number, rows: number): {width: number; height: number} {
  // The last column is left free (a full line leaves some terminals' cursor in a pending wrap)
  // and so is the last row (the cursor's, so cursor-up can reach the view's first line).
  return {width: Math.max(1, columns - 1), height: Math.max(1, rows - 1)}
}

/** The view's lines (no newlines), at most `rows - 1` of at most `columns - 1` columns. */
export function renderLiveView(state: LiveViewState, options: LiveViewOptions): string[] {
  const {width, height} = viewSize(options.columns, options.rows)
  const chalk = palette(options.color)
  const unnamed = Math.max(0, state.total - state.board.size)
  const nodeLines = state.board.size + (unnamed > 0 ? 1 : 0)
  const lines = 1 + nodeLines <= height ? everyNode(state, options, chalk, width, unnamed) : overview(state, options, chalk, width, height)
  return lines.slice(0, height)
}

function header(state: LiveViewState, options: LiveViewOptions, width: number, counts: boolean): string {
  return liveLine(state, options.frame, options.now, {color: options.color, width, batch: state.batch, counts})
}

const isFailure = (status: NodeStatus): boolean => FAILED_NODE_STATUSES.includes(status)
const byName = (a: BoardNode, b: BoardNode): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

// In progress: how long in this state so far. Finished: how long the run took, when it ran.
function timeText(node: BoardNode, now: number): string {
  if (IN_PROGRESS_NODE_STATUSES.includes(node.status)) return formatElapsed(now - node.sinceMs)
  return node.runMs === undefined ? '' : formatElapsed(node.runMs)
}

function nodeLine(chalk: ChalkInstance, node: BoardNode, nameWidth: number, now: number, width: number): string {
  const name = padEnd(truncate(node.name, nameWidth), nameWidth)
  const status = padEnd(paintStatus(chalk, node.status), STATUS_WIDTH)
  const line = `${INDENT}${isFailure(node.status) ? chalk.red(name) : name}  ${status}  ${chalk.dim(timeText(node, now))}`.trimEnd()
  return truncate(line, width)
}

// Room for names: what the line leaves after the indent, the state and a time (`59.9s`).
const nameRoom = (width: number): number => Math.max(1, width - INDENT.length - 2 - STATUS_WIDTH - 2 - 6)

function everyNode(state: LiveViewState, options: LiveViewOptions, chalk: ChalkInstance, width: number, unnamed: number): string[] {
  // At most a screenful of nodes: sorting them per frame is cheap.
  const nodes = [...state.board.nodes()].sort(byName)
  const nameWidth = Math.min(Math.max(0, ...nodes.map((n) => visibleWidth(n.name))), nameRoom(width))
  const lines = [header(state, options, width, true), ...nodes.map((node) => nodeLine(chalk, node, nameWidth, options.now, width))]
  if (unnamed > 0) lines.push(truncate(`${INDENT}${chalk.dim(`${unnamed} more not heard from yet`)}`, width))
  return lines
}

/** Count items (`3 running`) flowed into as few lines as the width allows. */
function countLines(chalk: ChalkInstance, state: LiveViewState, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const {text} of countParts(chalk, state.counts)) {
    const next = line === '' ? `${INDENT}${text}` : `${line} · ${text}`
    if (line !== '' && visibleWidth(next) > width) {
      lines.push(line)
      line = `${INDENT}${text}`
    } else line = next
  }
  if (line !== '') lines.push(truncate(line, width))
  return lines
}

function failedLine(chalk: ChalkInstance, state: LiveViewState, width: number): string | undefined {
  // Never more names than fit the line, whatever the number of failures.
  const room = Math.ceil(width / 2)
  const names = FAILED_NODE_STATUSES.flatMap((status) => state.board.longestIn(status, room)).map((n) => n.name)
  if (names.length === 0) return undefined
  return truncate(chalk.red(`${INDENT}failed: ${names.join(', ')}`), width)
}

function overview(state: LiveViewState, options: LiveViewOptions, chalk: ChalkInstance, width: number, height: number): string[] {
  const lines = [header(state, options, width, false), ...countLines(chalk, state, width)]
  const failed = failedLine(chalk, state, width)
  if (failed) lines.push(failed)
  const room = height - lines.length - 1
  const longest = state.board.longestIn('running', room)
  if (longest.length > 0) {
    lines.push(truncate(chalk.dim(`${INDENT}running longest:`), width))
    const nameWidth = Math.min(Math.max(...longest.map((n) => visibleWidth(n.name))), nameRoom(width))
    for (const node of longest) lines.push(nodeLine(chalk, node, nameWidth, options.now, width))
  }
  return lines
}
