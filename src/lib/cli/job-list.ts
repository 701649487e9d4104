import {listJobs} from '../api/jobs.js'
import type {JobStatus} from '../api/types.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {selectJobs} from '../job/select.js'
import {renderAs, type OutputFormat} from '../render/format.js'
import type {CommandSession} from './context.js'

/** `pushy job list`: newest first, filtered here (the server returns every job, unordered). */
export async function showJobList(session: CommandSession, input: {status?: JobStatus; limit?: number; format: OutputFormat}): Promise<ExitCodeValue> {
  const {client} = await session.context()
  const jobs = selectJobs(await listJobs(client), input)
  session.io.out(renderAs(input.format, jobs, {color: session.io.color}))
  return ExitCode.Ok
}
