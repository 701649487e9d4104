import type {JobRequest} from '../api/types.js'
import {getNodeStates} from '../api/nodes.js'
import {unknownNodes, unknownNodesWarning} from '../api/search.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import type {Io} from './io.js'
import {renderResult, type OutputChoice} from './output.js'

/**
 * --dry-run: what would happen, with nothing started. Nodes are looked up one by one (the list
 * endpoint leaves offline nodes out), concurrently. Exit 0 if the quorum would be met, else 3.
 */
export async function dryRun(client: ChefClient, request: JobRequest, io: Io, output: OutputChoice<JobOutputFormat>): Promise<ExitCodeValue> {
  const states = await getNodeStates(client, request.nodes)
  const available = states.filter((s) => s.availability === 'available').map((s) => s.node_name)
  const unavailable = states.filter((s) => s.availability !== 'available').map((s) => s.node_name)
  const quorum = request.quorum ?? request.nodes.length
  const quorumMet = available.length >= quorum
  const nodes: Record<string, string[]> = {}
  if (available.length > 0) nodes.available = available.sort()
  if (unavailable.length > 0) nodes.unavailable = unavailable.sort()
  // a dry run has no job to report as JUnit: its summary stands in
  const shown = output.format === 'junit' ? {...output, format: 'summary' as const} : {...output, format: output.format}
  io.out(renderResult(io, shown, {command: request.command, dry_run: true, nodes, quorum, quorum_met: quorumMet}))
  io.err(quorumMet ? `Quorum would be met: ${available.length} of ${request.nodes.length} nodes available, ${quorum} needed.\n` : `Quorum would fail: ${available.length} of ${request.nodes.length} nodes available, ${quorum} needed.\n`)
  const unknown = unknownNodesWarning(unavailable.length > 0 ? await unknownNodes(client, unavailable) : undefined)
  if (unknown) io.err(`${unknown}\n`)
  return quorumMet ? ExitCode.Ok : ExitCode.QuorumFailed
}
