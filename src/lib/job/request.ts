// The POST jobs body, built from the flags of `job start`. Optional keys appear only when
// given, so a plain job is accepted by Push Jobs 1.x servers (which refuse unknown keys).
import type {JobRequest} from '../api/types.js'
import {usageError} from '../errors.js'
import {buildEnv} from './env.js'
import {encodeJobFile, type FileInput} from './file.js'
import {validateNodeName} from './names.js'

export interface JobRequestInput {
  command: string
  /** already merged and de-duplicated (targets.ts) */
  nodes: readonly string[]
  /** already resolved (quorum.ts) */
  quorum: number
  /** --timeout as typed (or as oclif parsed it) */
  timeout?: string | number
  capture?: boolean
  withEnv?: string
  /** -e KEY=VALUE, in order */
  envPairs?: readonly string[]
  dir?: string
  user?: string
  file?: FileInput
}

// Any C0 control character or DEL. A command names a whitelist entry on the nodes; a newline
// or escape in it is a pasting mistake, and would garble every line that shows it.
const CONTROL = /[\u0000-\u001F\u007F]/

/** The command, refused when empty or when it holds control characters (unicode is fine). */
export function validateCommand(command: string): string {
  if (command.trim() === '') throw usageError('the command is empty', 'give the whitelisted job name to run, e.g. chef-client')
  const bad = CONTROL.exec(command)
  if (bad) {
    const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    throw usageError(`the command contains a control character (${code}); commands are one line of text`)
  }
  return command
}

/** --timeout: a positive whole number of seconds. */
export function parseTimeout(value: string | number): number {
  const text = String(value).trim()
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw usageError(`--timeout must be a positive whole number of seconds, not '${value}'`, 'leave it out to use the server default of 3600')
  }
  return seconds
}

function optionalText(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (value.trim() === '') throw usageError(`${flag} is empty`)
  return value
}

export function buildJobRequest(input: JobRequestInput): JobRequest {
  const command = validateCommand(input.command)
  if (input.nodes.length === 0) throw usageError('no nodes to run the job on', 'name nodes as arguments or find them with --search QUERY')
  for (const node of input.nodes) validateNodeName(node)
  if (!Number.isSafeInteger(input.quorum) || input.quorum < 0) throw usageError(`invalid quorum ${input.quorum}`)

  const request: JobRequest = {command, nodes: [...input.nodes], quorum: input.quorum}
  if (input.timeout !== undefined) request.run_timeout = parseTimeout(input.timeout)
  if (input.capture) request.capture_output = true
  const env = buildEnv(input.withEnv, input.envPairs)
  if (env !== undefined) request.env = env
  const dir = optionalText(input.dir, '--in-dir')
  if (dir !== undefined) request.dir = dir
  const user = optionalText(input.user, '--as-user')
  if (user !== undefined) request.user = user
  if (input.file) request.file = encodeJobFile(input.file)
  return request
}
