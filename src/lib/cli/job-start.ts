import {startJob} from '../api/jobs.js'
import {searchNodeNames} from '../api/search.js'
import {usageError} from '../errors.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {prepareJobStart, type JobStartInput} from '../job/prepare.js'
import {explainPostError} from '../job/v1-fallback.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import type {OutputChoice} from './output.js'
import {startedLine} from '../render/progress.js'
import type {Amount} from '../rollout/amount.js'
import {readNodesFrom} from '../rollout/nodes-from.js'
import type {CommandSession} from './context.js'
import {dryRun} from './dry-run.js'
import {crashesWithLocalServer, OUTLIVE_HINT} from './local-server-lifetime.js'
import {readJobFile} from './read-file.js'
import {watchJob, type WaitSettings} from './watch-job.js'

/** --batch-size and its companions (docs/rollouts.md). */
export interface RolloutSettings {
  batchSize?: Amount
  maxFailures?: Amount
  /** milliseconds */
  batchPauseMs?: number
  /** --nodes-from FILE, or `-` for stdin */
  nodesFrom?: string
}

export interface StartInput extends Omit<JobStartInput, 'file' | 'searching'>, WaitSettings, RolloutSettings {
  search?: string
  /** --file's path */
  file?: string
  output: OutputChoice<JobOutputFormat>
  nowait: boolean
  dryRun: boolean
}

/** Rollout-only flags without --batch-size, and flags that make no sense with it: said before anything is sent. */
function checkRolloutFlags(input: StartInput): void {
  if (input.batchSize === undefined) {
    const stray = [input.maxFailures && '--max-failures', input.batchPauseMs !== undefined && '--batch-pause'].filter(Boolean)
    if (stray.length > 0) throw usageError(`${stray.join(' and ')} only apply to a rollout`, 'add --batch-size N or N%')
    return
  }
  if (input.nowait) throw usageError('--nowait cannot be used with --batch-size: each batch starts only when the previous one has ended', 'leave out --nowait, or --batch-size to start one job')
}

/**
 * `pushy job start` (and `job rerun`): everything the user typed is checked before the first
 * request; then the search, the POST, and the wait (or the id alone with --nowait, or nothing
 * with --dry-run). With --batch-size, one job per batch (rollout.ts).
 */
export async function startJobCommand(session: CommandSession, input: StartInput): Promise<ExitCodeValue> {
  const {io} = session
  checkRolloutFlags(input)
  const fromList = input.nodesFrom === undefined ? [] : await readNodesFrom(input.nodesFrom, {cwd: session.runtime.cwd, stdin: () => session.runtime.stdin()})
  const named = [...input.named, ...fromList]
  const prepared = prepareJobStart({...input, named, searching: input.search !== undefined, file: input.file === undefined ? undefined : readJobFile(input.file)})
  if (input.batchSize !== undefined) {
    const {startRollout} = await import('./rollout.js')
    return startRollout(session, {...input, batchSize: input.batchSize, prepared})
  }
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
    if (localServerStopsWithCommand) io.err(`Warning: ${crashesWithLocalServer(job.id)}. Hint: ${OUTLIVE_HINT}\n`)
    io.out(`${job.id}\n`)
    return ExitCode.Ok
  }

  return watchJob(session, {...input, client, jobId: job.id, nodes: request.nodes, firstLine: startedLine(job.id), serverStopsWithCommand: localServerStopsWithCommand})
}
