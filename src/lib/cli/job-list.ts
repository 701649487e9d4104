import {listJobs} from '../api/jobs.js'
import type {JobStatus} from '../api/types.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {selectJobs} from '../job/select.js'
import {renderResult, type OutputChoice} from './output.js'
import type {CommandSession} from './context.js'

/** `pushy job list`: newest first, filtered here (the server returns every job, unordered). */
export async function showJobList(session: CommandSession, input: {status?: JobStatus; limit?: number; output: OutputChoice}): Promise<ExitCodeValue> {
  const {client} = await session.context()
  const jobs = selectJobs(await listJobs(client), input)
  session.io.out(await renderResult(session.io, input.output, jobs))
  return ExitCode.Ok
}
