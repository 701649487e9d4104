import {Args} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {describe, outputFlags, serverFlags, chosenFormat} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class JobStatus extends PushyCommand {
  static override summary = 'Show one job, like knife job status'
  static override description = describe(
    'Shows a job as the server reports it: status, and its nodes grouped by their state (sorted). ' +
      "The exit code says whether the job could be read, not how it went: use `pushy job watch` for that.",
  )
  static override examples = ['<%= config.bin %> job status 6e0b432e369904e76de6e95bac99c9e6', '<%= config.bin %> job status 6e0b432e369904e76de6e95bac99c9e6 --json']
  static override args = {id: Args.string({description: 'job id (32 hex characters)', required: true})}
  static override flags = {...serverFlags, ...outputFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(JobStatus)
    const io = this.setupIo(flags)
    const {normalizeJobId, getJob} = await import('../../lib/api/jobs.js')
    const id = normalizeJobId(args.id)
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const job = await getJob(client, id)
    const [{sortJobNodes}, {renderAs}] = await Promise.all([import('../../lib/render/job.js'), import('../../lib/render/format.js')])
    io.out(renderAs(chosenFormat(flags), sortJobNodes(job), {color: io.color}))
    await this.done(ExitCode.Ok)
  }
}
