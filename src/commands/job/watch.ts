import {Args} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenFormat, describe, outputFlags, serverFlags, waitFlags} from '../../lib/cli/flags.js'

export default class JobWatch extends PushyCommand {
  static override summary = 'Attach to a job, show its progress, exit like job start'
  static override description = describe(
    "Follows a running job (or shows a finished one) through the server's event feed, or by polling a Push Jobs 1.x server, " +
      'then prints the final job and exits with the same code `job start` would have.',
  )
  static override examples = ['<%= config.bin %> job watch 6e0b432e369904e76de6e95bac99c9e6', '<%= config.bin %> job watch 6e0b432e369904e76de6e95bac99c9e6 --wait-timeout 600 --json']
  static override args = {id: Args.string({description: 'job id (32 hex characters)', required: true})}
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    ...waitFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(JobWatch)
    const io = this.setupIo(flags)
    const [{normalizeJobId}, {waitSettings, watchJob}] = await Promise.all([import('../../lib/api/jobs.js'), import('../../lib/cli/watch-job.js')])
    const jobId = normalizeJobId(args.id)
    const wait = waitSettings(flags)
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const code = await watchJob({client, jobId, io, verbose: this.verbose, format: chosenFormat(flags), ...wait, firstLine: `Watching job ${jobId}`})
    await this.done(code)
  }
}
