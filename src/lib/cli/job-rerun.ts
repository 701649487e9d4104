import {getJob, resolveJobRef, type JobRef} from '../api/jobs.js'
import {NODE_STATUSES, type Job, type NodeStatus} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {CommandSession} from './context.js'
import {startJobCommand, type StartInput} from './job-start.js'

export interface RerunInput extends Omit<StartInput, 'command' | 'named' | 'search'> {
  job: JobRef
  /** --state; default every state but succeeded */
  states?: NodeStatus[]
}

/** Every state but `succeeded`: what did not work, for whatever reason. */
export const NOT_SUCCEEDED: readonly NodeStatus[] = NODE_STATUSES.filter((status) => status !== 'succeeded')

/** The old job's nodes in `states`, in name order. */
export function nodesToRerun(job: Pick<Job, 'nodes'>, states: readonly NodeStatus[]): string[] {
  return [...new Set(states.flatMap((status) => job.nodes?.[status] ?? []))].sort()
}

/**
 * The old job's options, with the flags given over them: `job start`'s input for the rerun.
 * -e pairs merge over the old environment; --with-env replaces it.
 */
export function rerunStartInput(old: Job, nodes: string[], input: RerunInput): StartInput {
  return {
    ...input,
    command: old.command,
    named: nodes,
    timeout: input.timeout ?? old.run_timeout,
    capture: input.capture || old.capture_output === true,
    withEnv: input.withEnv ?? old.env,
    dir: input.dir ?? old.dir,
    user: input.user ?? old.user,
    // already encoded (raw:/base64:) as the server keeps it; --file replaces it
    inherited: input.file === undefined && old.file !== undefined ? {file: old.file} : undefined,
  }
}

/**
 * `pushy job rerun`: the same command with the same options on the nodes of a job that did not
 * succeed (or those in --state). Nothing to rerun is not an error.
 */
export async function rerunJobCommand(session: CommandSession, input: RerunInput): Promise<ExitCodeValue> {
  const {client} = await session.context()
  const id = await resolveJobRef(client, input.job)
  const old = await getJob(client, id, {includeFile: true})
  if (old.file_specified && old.file === undefined && input.file === undefined) {
    throw new PushyError(`job ${id} was started with a file, and this server did not send it back`, ExitCode.Usage, {hint: 'give the file again with --file PATH'})
  }
  const states = input.states ?? NOT_SUCCEEDED
  const nodes = nodesToRerun(old, states)
  if (nodes.length === 0 && input.nodesFrom === undefined) {
    session.io.err(`Nothing to rerun: no node of job ${id} is ${states.length === NOT_SUCCEEDED.length ? 'in a state other than succeeded' : states.join(' or ')}.\n`)
    return ExitCode.Ok
  }
  session.io.err(`Rerunning '${old.command}' of job ${id} on ${nodes.length} node${nodes.length === 1 ? '' : 's'}.\n`)
  return startJobCommand(session, rerunStartInput(old, nodes, input))
}
