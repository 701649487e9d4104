import {getJob, resolveJobRef, type JobRef} from '../api/jobs.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import {sortJobNodes} from '../render/job.js'
import type {CommandSession} from './context.js'
import {renderJobs, type OutputChoice} from './output.js'

/** `pushy job status`: the job as the server has it; the exit code says only that it was read. */
export async function showJobStatus(session: CommandSession, input: {job: JobRef; output: OutputChoice<JobOutputFormat>}): Promise<ExitCodeValue> {
  const {client} = await session.context()
  const job = await getJob(client, await resolveJobRef(client, input.job))
  // JUnit here reports the job as it stands, with no --strict (the exit code does not judge it either)
  session.io.out(await renderJobs(session.io, input.output, {jobs: [sortJobNodes(job)], strict: false, client}))
  return ExitCode.Ok
}
