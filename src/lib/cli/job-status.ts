import {getJob, resolveJobRef, type JobRef} from '../api/jobs.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {renderAs, type OutputFormat} from '../render/format.js'
import {sortJobNodes} from '../render/job.js'
import type {CommandSession} from './context.js'

/** `pushy job status`: the job as the server has it; the exit code says only that it was read. */
export async function showJobStatus(session: CommandSession, input: {job: JobRef; format: OutputFormat}): Promise<ExitCodeValue> {
  const {client} = await session.context()
  const job = await getJob(client, await resolveJobRef(client, input.job))
  session.io.out(renderAs(input.format, sortJobNodes(job), {color: session.io.color}))
  return ExitCode.Ok
}
