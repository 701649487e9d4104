import {resolveJobRef, type JobRef} from '../api/jobs.js'
import type {ExitCodeValue} from '../exit-codes.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import type {OutputChoice} from './output.js'
import type {CommandSession} from './context.js'
import {watchJob, type WaitSettings} from './watch-job.js'

/** `pushy job watch`: attach to a job and exit as `job start` would have. */
export async function watchJobCommand(session: CommandSession, input: WaitSettings & {job: JobRef; output: OutputChoice<JobOutputFormat>}): Promise<ExitCodeValue> {
  const {client, localServerStopsWithCommand} = await session.context()
  const jobId = await resolveJobRef(client, input.job)
  return watchJob(session, {...input, client, jobId, firstLine: `Watching job ${jobId}`, serverStopsWithCommand: localServerStopsWithCommand})
}
