import {getNodeStates, listNodeStates} from '../api/nodes.js'
import {searchNodeNames} from '../api/search.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {mergeTargets} from '../job/targets.js'
import {nodeStatusRows, renderNodeStatusLines} from '../render/node-status.js'
import type {CommandSession} from './context.js'
import {renderResult, type OutputChoice} from './output.js'

/**
 * `pushy node status`: with no names, the nodes the server lists (connected ones only); named,
 * searched or --all nodes (every node Chef search knows) are looked up one by one, so offline
 * ones show too.
 */
export async function showNodeStatus(session: CommandSession, input: {named: string[]; search?: string; all: boolean; output: OutputChoice}): Promise<ExitCodeValue> {
  const named = mergeTargets(input.named)
  const {client} = await session.context()
  const query = input.all ? '*:*' : input.search
  const names = query === undefined ? named : mergeTargets(named, (await searchNodeNames(client, query)).sort())
  const entries = names.length > 0 || query !== undefined ? await getNodeStates(client, names) : await listNodeStates(client)
  const {format} = input.output
  session.io.out(format === 'summary' || format === 'text' ? renderNodeStatusLines(entries) : await renderResult(session.io, input.output, nodeStatusRows(entries)))
  return ExitCode.Ok
}
