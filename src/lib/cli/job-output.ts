import {getJob, getJobOutput, resolveJobRef, type JobRef} from '../api/jobs.js'
import type {Job, NodeStatus} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {mergeTargets} from '../job/targets.js'
import {mapBounded} from '../map-bounded.js'
import {renderJson} from '../render/json.js'
import {renderJobOutput, type NodeOutput} from '../render/output-groups.js'
import {sortJobNodes} from '../render/job.js'
import type {CommandSession} from './context.js'
import {nodeFileName, outputTree} from './output-dir.js'

export type Channel = 'stdout' | 'stderr'

/** Requests in flight at once: enough to be quick on 1,000 nodes, few enough to be polite. */
export const OUTPUT_CONCURRENCY = 16

/** Only nodes that finished a run (succeeded or failed) can have output. */
const RAN: readonly NodeStatus[] = ['succeeded', 'failed']

/** Each node's state in the job. */
function statesOf(job: Job): Map<string, NodeStatus> {
  const states = new Map<string, NodeStatus>()
  for (const [status, names] of Object.entries(job.nodes ?? {}) as Array<[NodeStatus, string[]]>) for (const name of names) states.set(name, status)
  return states
}

/** Each node's captured bytes for each channel; undefined where the server has none (404). */
export async function fetchOutputs(client: ChefClient, jobId: string, nodes: readonly string[], channels: readonly Channel[]): Promise<Record<Channel, NodeOutput[]>> {
  const pairs = nodes.flatMap((node) => channels.map((channel) => ({node, channel})))
  const results = await mapBounded(pairs, OUTPUT_CONCURRENCY, async ({node, channel}) => ({node, channel, data: await getJobOutput(client, jobId, node, channel)}))
  const byChannel = {stdout: [], stderr: []} as Record<Channel, NodeOutput[]>
  for (const {node, channel, data} of results) byChannel[channel].push({node, data})
  return byChannel
}

/** Each captured job's output by node, for JUnit's <system-out>/<system-err>. */
export async function capturedOutputs(client: ChefClient, jobs: readonly Job[]): Promise<Map<string, Map<string, {stdout?: string; stderr?: string}>>> {
  const byJob = new Map<string, Map<string, {stdout?: string; stderr?: string}>>()
  for (const job of jobs) {
    if (!job.capture_output) continue
    const ran = [...statesOf(job)].filter(([, state]) => RAN.includes(state)).map(([name]) => name)
    const outputs = await fetchOutputs(client, job.id, ran, ['stdout', 'stderr'])
    const byNode = new Map<string, {stdout?: string; stderr?: string}>()
    for (const channel of ['stdout', 'stderr'] as const) {
      for (const {node, data} of outputs[channel]) if (data !== undefined) (byNode.get(node) ?? byNode.set(node, {}).get(node)!)[channel] = data.toString('utf8')
    }
    byJob.set(job.id, byNode)
  }
  return byJob
}

/** `--json`: {"NODE": {"stdout": "...", "stderr": "..."}}, null where nothing was captured. */
export function outputsAsJson(outputs: Partial<Record<Channel, NodeOutput[]>>): Record<string, Partial<Record<Channel, string | null>>> {
  const result: Record<string, Partial<Record<Channel, string | null>>> = {}
  for (const [channel, list] of Object.entries(outputs) as Array<[Channel, NodeOutput[]]>) {
    for (const {node, data} of list) (result[node] ??= {})[channel] = data === undefined ? null : data.toString('utf8')
  }
  return result
}

/**
 * Why a node has no output, said once per node on stderr; undefined where the final error says
 * it for every node (a job started without --capture). A name not in the job is likely a typo.
 */
export function whyNoOutput(job: Job, node: string, state: NodeStatus | undefined, channel: Channel): string | undefined {
  if (state === undefined) return `Warning: ${node} is not a node of job ${job.id}`
  if (!RAN.includes(state)) return `${node} did not run the command (it is ${state}), so it has no output`
  if (!job.capture_output) return undefined
  return `${node} printed nothing on ${channel} (or its output was too large and dropped)`
}

export interface JobOutputInput {
  job: JobRef
  named: string[]
  /** --state: the job's nodes in these states too */
  states?: NodeStatus[]
  /** --dir: write files there instead of printing */
  dir?: string
  channel: Channel | 'both'
  group: boolean
  json: boolean
}

/** The nodes asked for: the named ones and, with --state, the job's nodes in those states; else every node that ran. */
function chosenNodes(job: Job, named: string[], states: NodeStatus[] | undefined, ran: string[]): string[] {
  if (states === undefined) return named.length > 0 ? named : ran
  const inStates = states.flatMap((status) => job.nodes?.[status] ?? []).sort()
  return [...new Set([...named, ...inStates])]
}

/**
 * --dir: DIR/job.json, and DIR/NODE.stdout and DIR/NODE.stderr for each node that ran (empty
 * where nothing was captured, so every node has both files).
 */
function writeTree(dir: string, job: Job, outputs: Record<Channel, NodeOutput[]>, ran: ReadonlySet<string>): number {
  const tree = outputTree(dir)
  tree.write('job.json', renderJson(sortJobNodes(job)))
  for (const channel of ['stdout', 'stderr'] as const) {
    for (const {node, data} of outputs[channel]) if (ran.has(node)) tree.write(`${nodeFileName(node)}.${channel}`, data ?? '')
  }
  return ran.size
}

/**
 * `pushy job output`: one node's bytes exactly as stored, several grouped like `dshbak -c`;
 * a line on stderr for each node without output saying why. Exit 6 only if no node had any.
 */
export async function showJobOutput(session: CommandSession, input: JobOutputInput): Promise<ExitCodeValue> {
  const {io} = session
  const requested = mergeTargets(input.named)
  const {client} = await session.context()
  const jobId = await resolveJobRef(client, input.job)
  const job = await getJob(client, jobId)
  const states = statesOf(job)
  const ran = [...states].filter(([, state]) => RAN.includes(state)).map(([name]) => name).sort()
  const nodes = chosenNodes(job, requested, input.states, ran)
  if (nodes.length === 0) {
    const why = input.states === undefined ? 'finished a run' : `is ${input.states.join(' or ')}`
    throw new PushyError(`no node of job ${jobId} ${why}, so there is no output to show`, ExitCode.NotFound, {hint: `see the nodes' states with \`pushy job status ${jobId}\``})
  }
  // Nodes that never ran are not asked for: their answer is known.
  const asked = nodes.filter((node) => RAN.includes(states.get(node) as NodeStatus))
  // --dir keeps both channels: files are cheap, and the one not kept is the one needed later.
  const channels: Channel[] = input.channel === 'both' || input.dir !== undefined ? ['stdout', 'stderr'] : [input.channel]
  const fetched = await fetchOutputs(client, jobId, asked, channels)
  const outputs = {} as Record<Channel, NodeOutput[]>
  for (const channel of channels) {
    const byNode = new Map(fetched[channel].map((output) => [output.node, output.data]))
    outputs[channel] = nodes.map((node) => ({node, data: byNode.get(node)}))
  }

  if (input.dir !== undefined) {
    const count = writeTree(input.dir, job, outputs, new Set(asked))
    io.err(`Wrote the output of ${count} node${count === 1 ? '' : 's'} and job.json to ${input.dir}\n`)
  } else if (input.json) {
    io.out(renderJson(outputsAsJson(outputs)))
  } else {
    for (const channel of channels) {
      if (channels.length > 1) io.out(`== ${channel} ==\n`)
      io.out(renderJobOutput(outputs[channel], {color: io.color, group: input.group}))
    }
  }

  const reported = new Set<string>()
  for (const channel of channels) {
    for (const {node, data} of outputs[channel]) {
      if (data !== undefined || reported.has(node)) continue
      reported.add(node)
      const why = whyNoOutput(job, node, states.get(node), channel)
      if (why) io.err(`${why}\n`)
    }
  }

  if (!channels.some((channel) => outputs[channel].some((o) => o.data !== undefined))) {
    const hint = job.capture_output ? `see the nodes' states with \`pushy job status ${jobId}\`` : 'start jobs with --capture to keep their output'
    const why = job.capture_output ? '' : ': it was started without --capture'
    throw new PushyError(`no captured output for job ${jobId}${why}`, ExitCode.NotFound, {hint})
  }
  return ExitCode.Ok
}
