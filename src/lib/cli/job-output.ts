import {getJob, getJobOutput} from '../api/jobs.js'
import {mapBounded} from '../api/nodes.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import type {NodeOutput} from '../render/output-groups.js'

export type Channel = 'stdout' | 'stderr'

/** Requests in flight at once: enough to be quick on 1,000 nodes, few enough to be polite. */
export const OUTPUT_CONCURRENCY = 16

/** Nodes whose output the server may hold: only nodes that reported succeeded or failed store any. */
export async function finishedNodes(client: ChefClient, jobId: string): Promise<string[]> {
  const job = await getJob(client, jobId)
  const nodes = [...(job.nodes?.succeeded ?? []), ...(job.nodes?.failed ?? [])].sort()
  if (nodes.length === 0) throw new PushyError(`no node of job ${jobId} finished a run, so there is no output to show`, ExitCode.NotFound, {hint: `see the nodes' states with \`pushy job status ${jobId}\``})
  return nodes
}

/** Each node's captured bytes for each channel; undefined where the server has none (404). */
export async function fetchOutputs(client: ChefClient, jobId: string, nodes: readonly string[], channels: readonly Channel[]): Promise<Record<Channel, NodeOutput[]>> {
  const pairs = nodes.flatMap((node) => channels.map((channel) => ({node, channel})))
  const results = await mapBounded(pairs, OUTPUT_CONCURRENCY, async ({node, channel}) => {
    try {
      return {node, channel, data: await getJobOutput(client, jobId, node, channel)}
    } catch (error) {
      if (error instanceof PushyError && error.status === 404) return {node, channel, data: undefined}
      throw error
    }
  })
  const byChannel = {stdout: [], stderr: []} as Record<Channel, NodeOutput[]>
  for (const {node, channel, data} of results) byChannel[channel].push({node, data})
  return byChannel
}

/** `--json`: {"NODE": {"stdout": "...", "stderr": "..."}}, null where nothing was captured. */
export function outputsAsJson(outputs: Partial<Record<Channel, NodeOutput[]>>): Record<string, Partial<Record<Channel, string | null>>> {
  const result: Record<string, Partial<Record<Channel, string | null>>> = {}
  for (const [channel, list] of Object.entries(outputs) as Array<[Channel, NodeOutput[]]>) {
    for (const {node, data} of list) (result[node] ??= {})[channel] = data === undefined ? null : data.toString('utf8')
  }
  return result
}
