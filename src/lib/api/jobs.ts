import type {ChefClient} from '../http/types.js'
import {PushyError, usageError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {Job, JobRequest} from './types.js'

const JOB_ID = /^[0-9a-f]{32}$/

/** Job ids are 32 hex characters; anything else is a typo, refused before a request is sent. */
export function normalizeJobId(input: string): string {
  const id = input.trim().toLowerCase()
  if (!JOB_ID.test(id)) throw usageError(`'${input}' is not a job id (32 hexadecimal characters)`, 'list recent jobs with `pushy job list`')
  return id
}

export interface StartedJob {
  id: string
  /** the URL the server returned; informational only (its host may be wrong behind a proxy) */
  uri: string
}

export async function startJob(client: ChefClient, request: JobRequest): Promise<StartedJob> {
  const {body, headers} = await client.post<{uri?: string}>('pushy/jobs', request, {
    uncertainHint: 'the job may have been created anyway: check with `pushy job list` before starting it again',
  })
  const location = typeof headers.location === 'string' ? headers.location : undefined
  const uri = body?.uri ?? location ?? ''
  // knife takes the id as the last 32 characters of `uri`; we build later URLs from our own base.
  const id = uri.slice(-32)
  if (!JOB_ID.test(id)) throw new Error(`the server's answer to the job POST has no job id: ${JSON.stringify(body)}`)
  return {id, uri}
}

/** A 404 names the job, not the URL: the id is what the user typed. */
export function jobNotFound(error: unknown, id: string): unknown {
  if (error instanceof PushyError && error.status === 404) {
    return new PushyError(`job ${id} not found on this server`, ExitCode.NotFound, {status: 404, hint: 'list recent jobs with `pushy job list`'})
  }

  return error
}

export async function getJob(client: ChefClient, id: string): Promise<Job> {
  try {
    return await client.get<Job>(`pushy/jobs/${id}`)
  } catch (error) {
    throw jobNotFound(error, id)
  }
}

export const listJobs = (client: ChefClient): Promise<Job[]> => client.get<Job[]>('pushy/jobs')

export const getJobOutput = (client: ChefClient, id: string, node: string, channel: 'stdout' | 'stderr'): Promise<Buffer> =>
  client.getBytes(`pushy/jobs/${id}/output/${encodeURIComponent(node)}/${channel}`, {accept: 'application/octet-stream'})
