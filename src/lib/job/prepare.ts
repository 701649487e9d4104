import type {JobRequest} from '../api/types.js'
import {buildEnv, type Env, type EnvPair} from './env.js'
import type {FileInput} from './file.js'
import {resolveQuorum, type Quorum} from './quorum.js'
import {buildJobRequest, jobOptions, type JobOptions} from './request.js'
import {mergeTargets, requireTargets} from './targets.js'

/** `job start`'s flags and arguments, as the flags parsed them. */
export interface JobStartInput {
  command: string
  /** NODE arguments */
  named: readonly string[]
  quorum: Quorum
  /** a --search will add nodes later */
  searching: boolean
  timeout?: number
  capture?: boolean
  withEnv?: Env
  envPairs?: readonly EnvPair[]
  dir?: string
  user?: string
  file?: FileInput
  /** options the job gets unless a flag says otherwise (`job rerun`: the old job's) */
  inherited?: Omit<JobOptions, 'command'>
}

export interface PreparedJobStart {
  /** the NODE arguments, validated */
  named: string[]
  options: JobOptions
  /** the body for the final node set, plus a quorum warning to show */
  build(searched: readonly string[] | undefined): {request: JobRequest; warning?: string}
}

/**
 * Checks everything `job start` was given before anything is sent, so bad input never reaches
 * the server (not even a search). The quorum's upper bound needs the node count: build().
 */
export function prepareJobStart(input: JobStartInput): PreparedJobStart {
  const named = mergeTargets(input.named)
  if (!input.searching) requireTargets(named, undefined)
  const options = {...input.inherited, ...jobOptions({...input, env: buildEnv(input.withEnv, input.envPairs)})}
  return {
    named,
    options,
    build(searched) {
      const nodes = requireTargets(named, searched)
      const {quorum, warning} = resolveQuorum(input.quorum, nodes.length)
      return {request: buildJobRequest(options, nodes, quorum), warning}
    },
  }
}
