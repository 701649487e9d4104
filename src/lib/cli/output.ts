// How a command's result reaches stdout: the format and --wide the user chose, fitted to the
// terminal. JUnit XML is loaded only when asked for.
import type {Job} from '../api/types.js'
import type {ChefClient} from '../http/types.js'
import {renderAs, type RenderOptions} from '../render/format.js'
import type {JobOutputFormat, OutputFormat} from '../render/output-formats.js'
import type {Io} from './io.js'

export interface OutputChoice<F extends JobOutputFormat = OutputFormat> {
  format: F
  wide: boolean
}

export const renderOptions = (io: Io, output: OutputChoice<JobOutputFormat>): RenderOptions => ({color: io.color, wide: output.wide, columns: io.stdoutColumns})

/** Anything but jobs (a list, node states, a dry run) in the chosen format. */
export const renderResult = (io: Io, output: OutputChoice, data: unknown): Promise<string> => renderAs(output.format, data, renderOptions(io, output))

export interface JobsToRender {
  jobs: readonly Job[]
  strict: boolean
  /** a rollout's nodes no batch reached (JUnit: a suite of skipped cases) */
  notStarted?: readonly string[]
  /** for JUnit's <system-out>/<system-err> of jobs that captured output */
  client?: ChefClient
  /** JUnit's per-node `time`: seconds by job id, then node, where the wait saw them */
  nodeSeconds?: ReadonlyMap<string, ReadonlyMap<string, number>>
}

/** One job (or a rollout's jobs) in the chosen format; JUnit reads captured output when there is some. */
export async function renderJobs(io: Io, output: OutputChoice<JobOutputFormat>, input: JobsToRender): Promise<string> {
  if (output.format !== 'junit') return renderAs(output.format, input.jobs.length === 1 ? input.jobs[0] : input.jobs, renderOptions(io, output))
  const [{renderJunit}, {capturedOutputs}] = await Promise.all([import('../render/junit.js'), import('./job-output.js')])
  const outputs = input.client ? await capturedOutputs(input.client, input.jobs) : undefined
  return renderJunit(input.jobs, {strict: input.strict, outputs, notStarted: input.notStarted, times: input.nodeSeconds})
}
