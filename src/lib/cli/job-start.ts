import {startJob} from '../api/jobs.js'
import {searchNodeNames} from '../api/search.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {prepareJobStart, type JobStartInput} from '../job/prepare.js'
import {explainPostError} from '../job/v1-fallback.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import type {OutputChoice} from './output.js'
import {startedLine} from '../render/progress.js'
import type {CommandSession} from './context.js'
import {dryRun} from './dry-run.js'
import {readJobFile} from './read-file.js'
import {watchJob, type WaitSettings} from './watch-job.js'

export interface StartInput extends Omit<JobStartInput, 'file' | 'searching'>, WaitSettings {
  search?: string
  /** --file's path */
  file?: string
  output: OutputChoice<JobOutputFormat>
  nowait: boolean
  dryRun: boolean
}

/**
 * `pushy job start`: everything the user typed is checked before the first request; then the
 * search, the POST, and the wait (or the id alone with --nowait, or nothing with --dry-run).
 */
export async function startJobCommand(session: CommandSession, input: StartInput): Promise<ExitCodeValue> {
  const {io} = session
  const prepared = prepareJobStart({...input, searching: input.search !== undefined, file: input.file === undefined ? undefined : readJobFile(input.file)})
  const {client, localServerStopsWithCommand} = await session.context()
  const searched = input.search === undefined ? undefined : await searchNodeNames(client, input.search)
  const {request, warning} = prepared.build(searched)
  if (warning) io.err(`Warning: ${warning}\n`)
  if (input.dryRun) return dryRun(client, request, io, input.output)

  const job = await startJob(client, request).catch((error: unknown) => {
    throw explainPostError(error, request)
  })
  if (input.nowait) {
    io.err(`${startedLine(job.id)}\n`)
    if (localServerStopsWithCommand) io.err('Warning: the local server stops with this command, so the job will end as crashed. Run `pushy zero` in another terminal for jobs that outlive the command.\n')
    io.out(`${job.id}\n`)
    return ExitCode.Ok
  }

  return watchJob(session, {...input, client, jobId: job.id, nodes: request.nodes, firstLine: startedLine(job.id), serverStopsWithCommand: localServerStopsWithCommand})
}
