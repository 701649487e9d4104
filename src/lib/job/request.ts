// The POST jobs body, built from the flags of `job start`. Optional keys appear only when
// given, so a plain job is accepted by Push Jobs 1.x servers (which refuse unknown keys).
import type {JobRequest} from '../api/types.js'
import {usageError} from '../errors.js'
import type {Env} from './env.js'
import {encodeJobFile, type FileInput} from './file.js'
import {validateNodeName} from './names.js'
import {noNodesError} from './targets.js'

/** What `job start` was given besides the nodes and the quorum, already parsed by the flags. */
export interface JobOptionsInput {
  command: string
  /** --timeout, seconds */
  timeout?: number
  capture?: boolean
  /** --with-env with the -e pairs merged over it (env.ts) */
  env?: Env
  dir?: string
  user?: string
  file?: FileInput
}

/** The body's keys other than nodes and quorum, checked. */
export type JobOptions = Omit<JobRequest, 'nodes' | 'quorum'>

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

/** Checks the options once, before the nodes are known, so bad input sends nothing. */
export function jobOptions(input: JobOptionsInput): JobOptions {
  const options: JobOptions = {command: validateCommand(input.command)}
  if (input.timeout !== undefined) options.run_timeout = parseTimeout(input.timeout)
  if (input.capture) options.capture_output = true
  if (input.env !== undefined) options.env = input.env
  const dir = optionalText(input.dir, '--in-dir')
  if (dir !== undefined) options.dir = dir
  const user = optionalText(input.user, '--as-user')
  if (user !== undefined) options.user = user
  if (input.file) options.file = encodeJobFile(input.file)
  return options
}

/** The body for `nodes` (merged and de-duplicated, targets.ts) and a resolved quorum (quorum.ts). */
export function buildJobRequest(options: JobOptions, nodes: readonly string[], quorum: number): JobRequest {
  if (nodes.length === 0) throw noNodesError()
  for (const node of nodes) validateNodeName(node)
  if (!Number.isSafeInteger(quorum) || quorum < 0) throw usageError(`invalid quorum ${quorum}`)
  const {command, ...rest} = options
  return {command, nodes: [...nodes], quorum, ...rest}
}
