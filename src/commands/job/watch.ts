import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenFormat, describe, outputFlags, serverFlags} from '../../lib/cli/flags.js'

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
    'poll-interval': Flags.string({description: 'seconds between polls when there is no feed', default: '1.0'}),
    feed: Flags.boolean({description: 'follow the event feed (--no-feed: poll)', allowNo: true, default: true}),
    'wait-timeout': Flags.string({description: 'stop waiting after this many seconds (exit 8; the job keeps running)'}),
    strict: Flags.boolean({description: 'count every node that did not succeed as a failure'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(JobWatch)
    const io = this.setupIo(flags)
    const [{normalizeJobId}, {parsePositiveSeconds}] = await Promise.all([import('../../lib/api/jobs.js'), import('../../lib/job/prepare.js')])
    const jobId = normalizeJobId(args.id)
    const pollIntervalMs = parsePositiveSeconds('--poll-interval', flags['poll-interval'])
    const waitTimeoutMs = flags['wait-timeout'] === undefined ? undefined : parsePositiveSeconds('--wait-timeout', flags['wait-timeout'])
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const {watchJob} = await import('../../lib/cli/watch-job.js')
    const code = await watchJob({client, jobId, io, verbose: this.verbose, format: chosenFormat(flags), strict: flags.strict, useFeed: flags.feed, pollIntervalMs, waitTimeoutMs, firstLine: `Watching job ${jobId}`})
    await this.done(code)
  }
}
