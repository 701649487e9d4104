import type {JobRequest} from '../api/types.js'
import {getNodeStates} from '../api/nodes.js'
import {unknownNodes, unknownNodesWarning} from '../api/search.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import type {RolloutPlan} from '../rollout/run.js'
import type {Io} from './io.js'
import {renderResult, type OutputChoice} from './output.js'

/** What a dry run reports of one job (or one batch of a rollout). */
interface QuorumCheck {
  nodes: {available?: string[]; unavailable?: string[]}
  quorum: number
  quorum_met: boolean
}

/** The nodes of one job by availability, and whether they would meet `quorum`. */
function checkQuorum(nodeNames: readonly string[], availableNodes: ReadonlySet<string>, quorum: number): QuorumCheck {
  const available = nodeNames.filter((name) => availableNodes.has(name)).sort()
  const unavailable = nodeNames.filter((name) => !availableNodes.has(name)).sort()
  const nodes: QuorumCheck['nodes'] = {}
  if (available.length > 0) nodes.available = available
  if (unavailable.length > 0) nodes.unavailable = unavailable
  return {nodes, quorum, quorum_met: available.length >= quorum}
}

const quorumLine = (check: QuorumCheck, of: number): string =>
  `${check.quorum_met ? 'would be met' : 'would fail'}: ${check.nodes.available?.length ?? 0} of ${of} nodes available, ${check.quorum} needed.`

/**
 * Node states of `nodeNames` (looked up one by one, concurrently: the list endpoint leaves
 * offline nodes out): the available ones, plus a warning naming the nodes the server has never
 * heard of, if any.
 */
async function availability(client: ChefClient, nodeNames: readonly string[]): Promise<{available: Set<string>; unknownWarning?: string}> {
  const states = await getNodeStates(client, [...nodeNames])
  const available = new Set(states.filter((s) => s.availability === 'available').map((s) => s.node_name))
  const unavailable = nodeNames.filter((name) => !available.has(name))
  return {available, unknownWarning: unknownNodesWarning(unavailable.length > 0 ? await unknownNodes(client, unavailable) : undefined)}
}

/** A dry run has no job to report as JUnit: its summary stands in. */
const dryRunFormat = (output: OutputChoice<JobOutputFormat>) => (output.format === 'junit' ? {...output, format: 'summary' as const} : {...output, format: output.format})

/** --dry-run: what would happen, with nothing started. Exit 0 if the quorum would be met, else 3. */
export async function dryRun(client: ChefClient, request: JobRequest, io: Io, output: OutputChoice<JobOutputFormat>): Promise<ExitCodeValue> {
  const {available, unknownWarning} = await availability(client, request.nodes)
  const check = checkQuorum(request.nodes, available, request.quorum ?? request.nodes.length)
  io.out(await renderResult(io, dryRunFormat(output), {command: request.command, dry_run: true, ...check}))
  io.err(`Quorum ${quorumLine(check, request.nodes.length)}\n`)
  if (unknownWarning) io.err(`${unknownWarning}\n`)
  return check.quorum_met ? ExitCode.Ok : ExitCode.QuorumFailed
}

/**
 * --dry-run --batch-size: the batches the rollout would run, each with its nodes by availability
 * and whether its quorum would be met, with nothing started. Exit 0 if every batch's quorum would
 * be met, else 3 (the rollout would stop at the first batch that fails it).
 */
export async function dryRunRollout(client: ChefClient, command: string, plan: Pick<RolloutPlan, 'batches' | 'quorums' | 'budget'>, io: Io, output: OutputChoice<JobOutputFormat>): Promise<ExitCodeValue> {
  const {available, unknownWarning} = await availability(client, plan.batches.flat())
  const batches = plan.batches.map((nodes, index) => ({batch: index + 1, ...checkQuorum(nodes, available, plan.quorums[index])}))
  const quorumMet = batches.every((batch) => batch.quorum_met)
  io.out(await renderResult(io, dryRunFormat(output), {command, dry_run: true, batches, max_failures: plan.budget, quorum_met: quorumMet}))
  for (const [index, batch] of batches.entries()) io.err(`Batch ${batch.batch}/${batches.length}: quorum ${quorumLine(batch, plan.batches[index].length)}\n`)
  const stop = batches.find((batch) => !batch.quorum_met)
  if (stop && stop.batch < batches.length) {
    const rest = stop.batch + 1 === batches.length ? `batch ${batches.length}` : `batches ${stop.batch + 1}–${batches.length}`
    io.err(`The rollout would stop after batch ${stop.batch}/${batches.length}: ${rest} would not start.\n`)
  }
  if (unknownWarning) io.err(`${unknownWarning}\n`)
  return quorumMet ? ExitCode.Ok : ExitCode.QuorumFailed
}
