import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {describe, outputFlags, serverFlags} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class JobOutput extends PushyCommand {
  static override summary = "Print nodes' captured stdout/stderr of a job"
  static override description = describe(
    'One node: the captured bytes exactly as stored (`> file` gives the same bytes). Several nodes, or none named (every node ' +
      'that finished): nodes with identical output are printed once under a header listing them, like `dshbak -c`. ' +
      'Output exists only for jobs started with --capture. Exit 6 only if no node had output.',
  )
  static override examples = [
    '<%= config.bin %> job output 6e0b432e369904e76de6e95bac99c9e6 web-01 > web-01.log',
    '<%= config.bin %> job output 6e0b432e369904e76de6e95bac99c9e6',
    '<%= config.bin %> job output 6e0b432e369904e76de6e95bac99c9e6 --channel stderr --no-group',
  ]
  static override strict = false
  static override args = {
    id: Args.string({description: 'job id (32 hex characters)', required: true}),
    nodes: Args.string({description: 'node names (default: every node that finished)', required: false}),
  }
  static override flags = {
    ...serverFlags,
    json: outputFlags.json,
    color: outputFlags.color,
    channel: Flags.string({description: 'which stream', options: ['stdout', 'stderr', 'both'], default: 'stdout'}),
    group: Flags.boolean({description: 'group identical output (--no-group: prefix each line with its node)', allowNo: true, default: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(JobOutput)
    const io = this.setupIo(flags)
    const [id, ...named] = argv as string[]
    const [{normalizeJobId}, {mergeTargets}] = await Promise.all([import('../../lib/api/jobs.js'), import('../../lib/job/targets.js')])
    const jobId = normalizeJobId(id)
    const requested = mergeTargets(named)
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const {fetchOutputs, finishedNodes, outputsAsJson} = await import('../../lib/cli/job-output.js')
    const nodes = requested.length > 0 ? requested : await finishedNodes(client, jobId)
    const channels = flags.channel === 'both' ? (['stdout', 'stderr'] as const) : ([flags.channel as 'stdout' | 'stderr'] as const)
    const outputs = await fetchOutputs(client, jobId, nodes, channels)

    const any = channels.some((channel) => outputs[channel].some((o) => o.data !== undefined))
    if (flags.json) {
      const {renderJson} = await import('../../lib/render/json.js')
      io.out(renderJson(outputsAsJson(Object.fromEntries(channels.map((c) => [c, outputs[c]])))))
    } else {
      const {renderJobOutput, missingOutputNote} = await import('../../lib/render/output-groups.js')
      for (const channel of channels) {
        if (channels.length > 1) io.out(`== ${channel} ==\n`)
        io.out(renderJobOutput(outputs[channel], {color: io.color, group: flags.group}) as unknown as string)
        const note = missingOutputNote(outputs[channel], channel)
        if (note) io.err(`${note}\n`)
      }
    }

    if (!any) {
      const {PushyError} = await import('../../lib/errors.js')
      throw new PushyError(`no captured output for job ${jobId}`, ExitCode.NotFound, {hint: 'start jobs with --capture to keep their output'})
    }

    await this.done(ExitCode.Ok)
  }
}
