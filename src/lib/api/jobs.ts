// The jobs endpoints, and what their answers mean: the only place that knows these paths.
import type {ChefClient} from '../http/types.js'
import {PushyError, usageError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import {selectJobs} from '../job/select.js'
import type {Job, JobRequest} from './types.js'

const JOB_ID = /^[0-9a-f]{32}$/

/** A job as the user named it: an id, or `last` for the newest job. */
export type JobRef = {id: string} | {last: true}

/** Job ids are 32 hex characters (or `last`); anything else is a typo, refused before a request is sent. */
export function parseJobRef(input: string): JobRef {
  if (input.trim() === 'last') return {last: true}
  const id = input.trim().toLowerCase()
  if (!JOB_ID.test(id)) throw usageError(`'${input}' is not a job id (32 hexadecimal characters, or \`last\` for the newest job)`, 'list recent jobs with `pushy job list`')
  return {id}
}

export const jobPath = (id: string): string => `pushy/jobs/${encodeURIComponent(id)}`
const JOBS_PATH = 'pushy/jobs'
const outputPath = (id: string, node: string, channel: 'stdout' | 'stderr'): string => `${jobPath(id)}/output/${encodeURIComponent(node)}/${channel}`

/** The id `ref` names; `last` asks the server for its jobs. */
export async function resolveJobRef(client: ChefClient, ref: JobRef): Promise<string> {
  if ('id' in ref) return ref.id
  const [newest] = selectJobs(await listJobs(client), {limit: 1})
  if (!newest) throw new PushyError('there are no jobs on this server yet, so `last` names none', ExitCode.NotFound, {hint: 'start one with `pushy job start`'})
  return newest.id
}

export interface StartedJob {
  id: string
  /** the URL the server returned; informational only (its host may be wrong behind a proxy) */
  uri: string
}

export async function startJob(client: ChefClient, request: JobRequest): Promise<StartedJob> {
  const uncertainHint = 'the job may have been created anyway: check with `pushy job list` before starting it again'
  const {body, headers} = await client.post<{uri?: string}>(JOBS_PATH, request, {uncertainHint})
  const location = typeof headers.location === 'string' ? headers.location : undefined
  const uri = body?.uri ?? location ?? ''
  // knife takes the id as the last 32 characters of `uri`; we build later URLs from our own base.
  const id = uri.slice(-32)
  if (!JOB_ID.test(id)) {
    throw new PushyError(`the server accepted the job but its answer names no job id: ${JSON.stringify(body)?.slice(0, 200)}`, ExitCode.Server, {
      hint: `${uncertainHint}; check that chef_server_url points at a Push Jobs server`,
    })
  }
  return {id, uri}
}

/** A 404 names the job, not the URL: the id is what the user typed. */
function jobNotFound(error: unknown, id: string): unknown {
  if (error instanceof PushyError && error.status === 404) {
    return new PushyError(`job ${id} not found on this server`, ExitCode.NotFound, {status: 404, hint: 'list recent jobs with `pushy job list`'})
  }

  return error
}

/** GET jobs/ID; `includeFile` asks a 2.x server for the job's file too (`job rerun` sends it again). */
export async function getJob(client: Pick<ChefClient, 'get'>, id: string, options: {includeFile?: boolean} = {}): Promise<Job> {
  try {
    return await client.get<Job>(options.includeFile ? `${jobPath(id)}?include_file=true` : jobPath(id))
  } catch (error) {
    throw jobNotFound(error, id)
  }
}

export const listJobs = (client: ChefClient): Promise<Job[]> => client.get<Job[]>(JOBS_PATH)

/** The node's captured bytes, or undefined when the server holds none (404). */
export async function getJobOutput(client: ChefClient, id: string, node: string, channel: 'stdout' | 'stderr'): Promise<Buffer | undefined> {
  try {
    return await client.getBytes(outputPath(id, node, channel), {accept: 'application/octet-stream'})
  } catch (error) {
    if (error instanceof PushyError && error.status === 404) return undefined
    throw error
  }
}
