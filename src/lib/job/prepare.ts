import type {JobRequest} from '../api/types.js'
import {usageError} from '../errors.js'
import type {FileInput} from './file.js'
import {checkQuorumSyntax, resolveQuorum} from './quorum.js'
import {buildJobRequest, type JobRequestInput} from './request.js'
import {mergeTargets, requireTargets} from './targets.js'

export interface JobStartInput extends Omit<JobRequestInput, 'nodes' | 'quorum'> {
  /** NODE arguments */
  named: readonly string[]
  /** --quorum as typed */
  quorum: string
  /** a --search will add nodes later */
  searching: boolean
}

export interface PreparedJobStart {
  /** the NODE arguments, validated */
  named: string[]
  /** the body for the final node set, plus a quorum warning to show */
  build(searched: readonly string[] | undefined): {request: JobRequest; warning?: string}
}

/**
 * Checks everything `job start` was given before anything is sent, so bad input never reaches
 * the server (not even a search): the command, names, quorum syntax, timeout, env, dir, user,
 * file. The quorum's upper bound needs the node count, so it is checked again in build().
 */
export function prepareJobStart(input: JobStartInput): PreparedJobStart {
  const named = mergeTargets(input.named)
  if (named.length === 0 && !input.searching) requireTargets(named, undefined)
  // Syntax and percentage range now; "N within the node count" once the nodes are known.
  checkQuorumSyntax(input.quorum)
  const probe = named.length > 0 ? named : ['probe']
  buildJobRequest({...input, nodes: probe, quorum: 1})
  return {
    named,
    build(searched) {
      const nodes = requireTargets(named, searched)
      const {quorum, warning} = resolveQuorum(input.quorum, nodes.length)
      return {request: buildJobRequest({...input, nodes, quorum}), warning}
    },
  }
}

/** --poll-interval and --wait-timeout: positive seconds (fractions allowed) as milliseconds. */
export function parsePositiveSeconds(flag: string, value: string): number {
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw usageError(`${flag} must be a positive number of seconds, not '${value}'`)
  return Math.round(seconds * 1000)
}

export type {FileInput}
