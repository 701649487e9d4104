import {Flags} from '@oclif/core'
import {JOB_STATUSES} from '../../lib/api/types.js'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {describe, outputFlags, serverFlags, chosenFormat} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class JobList extends PushyCommand {
  static override summary = 'List jobs, newest first'
  static override description = describe('Lists the jobs the server knows, newest first. -F table gives one line per job.')
  static override examples = [
    '<%= config.bin %> job list --limit 10 -F table',
    '<%= config.bin %> job list --status running --json',
  ]
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    status: Flags.string({description: 'only jobs in this state', options: [...JOB_STATUSES]}),
    limit: Flags.integer({description: 'at most this many jobs (the newest)', min: 1}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(JobList)
    const io = this.setupIo(flags)
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const [{listJobs}, {selectJobs}, {renderAs}] = await Promise.all([
      import('../../lib/api/jobs.js'),
      import('../../lib/job/select.js'),
      import('../../lib/render/format.js'),
    ])
    const jobs = selectJobs(await listJobs(client), {status: flags.status, limit: flags.limit})
    io.out(renderAs(chosenFormat(flags), jobs, {color: io.color}))
    await this.done(ExitCode.Ok)
  }
}
