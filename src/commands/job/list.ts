import {Flags} from '@oclif/core'
import {JOB_STATUSES} from '../../lib/api/types.js'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenOutput, exitCodes, outputFlags, serverFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobList extends PushyCommand {
  static override summary = 'List jobs, newest first'
  static override description = 'Lists the jobs the server knows, newest first. -F table gives one line per job.'
  static exitCodes = exitCodes()
  static override examples = ['<%= config.bin %> job list --limit 10 -F table', '<%= config.bin %> job list --status running --json']
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    status: Flags.option({description: 'only jobs in this state', options: JOB_STATUSES})(),
    limit: Flags.integer({description: 'at most this many jobs (the newest)', min: 1}),
  }

  async run(): Promise<ExitCodeValue> {
    const {flags} = await this.parse(JobList)
    const {showJobList} = await import('../../lib/cli/job-list.js')
    return showJobList(this.session(flags), {status: flags.status, limit: flags.limit, output: chosenOutput(flags)})
  }
}
