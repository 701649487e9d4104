// `job output` for several nodes: identical outputs printed once under a header naming the
// nodes (like `dshbak -c`), or with --no-group each line prefixed by its node (knife ssh
// style). Everything stays in Buffers: captured output may be any bytes.
import {palette} from './colors.js'
import {compressNodeList} from './node-list.js'
import {byBytes} from './order.js'

export interface NodeOutput {
  node: string
  /** undefined: nothing captured for this node (404) */
  data?: Buffer
}

export interface OutputGroup {
  /** sorted */
  nodes: string[]
  data: Buffer
}

export interface OutputRenderOptions {
  color: boolean
  /** false: --no-group */
  group: boolean
}

const NEWLINE = 0x0a
const RULE = '-'.repeat(16)


/** Nodes with byte-identical output together; groups ordered by their first node. */
export function groupOutputs(outputs: readonly NodeOutput[]): OutputGroup[] {
  const groups = new Map<string, OutputGroup>()
  for (const {node, data} of outputs) {
    if (data === undefined) continue
    // latin1 maps every byte to one character, so equal keys mean equal bytes.
    const key = data.toString('latin1')
    const group = groups.get(key) ?? {nodes: [], data}
    group.nodes.push(node)
    groups.set(key, group)
  }
  const list = [...groups.values()]
  for (const group of list) group.nodes.sort(byBytes)
  return list.sort((a, b) => byBytes(a.nodes[0], b.nodes[0]))
}

/** The dshbak-style header above a group: a rule, the compressed node list (and count), a rule. */
export function groupHeader(nodes: readonly string[], color: boolean): string {
  const chalk = palette(color)
  const count = nodes.length > 1 ? ` (${nodes.length})` : ''
  return `${RULE}\n${chalk.bold.cyan(compressNodeList(nodes))}${count}\n${RULE}\n`
}

const endsWithNewline = (data: Buffer): boolean => data.length === 0 || data[data.length - 1] === NEWLINE

function renderGrouped(outputs: readonly NodeOutput[], color: boolean): Buffer {
  const parts: Buffer[] = []
  for (const group of groupOutputs(outputs)) {
    parts.push(Buffer.from(groupHeader(group.nodes, color)), group.data)
    // The next header must start on its own line.
    if (!endsWithNewline(group.data)) parts.push(Buffer.from('\n'))
  }
  return Buffer.concat(parts)
}

function renderPrefixed(outputs: readonly NodeOutput[], color: boolean): Buffer {
  const chalk = palette(color)
  const present = outputs.filter((o): o is Required<NodeOutput> => o.data !== undefined).sort((a, b) => byBytes(a.node, b.node))
  const width = Math.max(0, ...present.map((o) => o.node.length)) + 1
  const parts: Buffer[] = []
  for (const {node, data} of present) {
    const prefix = Buffer.from(`${chalk.cyan(`${node}:`.padEnd(width))} `)
    let start = 0
    while (start < data.length) {
      const end = data.indexOf(NEWLINE, start)
      // A last line without a newline gets one, so the next node starts on its own line.
      const line = end === -1 ? Buffer.concat([data.subarray(start), Buffer.from('\n')]) : data.subarray(start, end + 1)
      parts.push(prefix, line)
      start = end === -1 ? data.length : end + 1
    }
  }
  return Buffer.concat(parts)
}

/**
 * What `job output` prints on stdout. A single node's bytes come back untouched (so
 * `> file` gives exactly what was captured); several are grouped or prefixed.
 */
export function renderJobOutput(outputs: readonly NodeOutput[], options: OutputRenderOptions): Buffer {
  if (outputs.length === 1) return outputs[0].data ?? Buffer.alloc(0)
  return options.group ? renderGrouped(outputs, options.color) : renderPrefixed(outputs, options.color)
}

/** The stderr note for nodes without captured output, or undefined when every node had some. */
export function missingOutputNote(outputs: readonly NodeOutput[], channel: string): string | undefined {
  const missing = outputs.filter((o) => o.data === undefined).map((o) => o.node)
  if (missing.length === 0) return undefined
  const count = missing.length > 1 ? ` (${missing.length})` : ''
  return `no captured ${channel} for ${compressNodeList(missing)}${count}: capture was off (--capture), the node did not run, or its output was too large and dropped`
}
