import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenOutput, exitCodes, jobRefArg, jobOutputFlags, serverFlags, waitFlags, waitSettings} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobWatch extends PushyCommand {
  static override summary = 'Attach to a job, show its progress, exit like job start'
  static override description = "Follows a running job (or shows a finished one) through the server's event feed, or by polling a Push Jobs 1.x server, " +
      'then prints the final job and exits with the same code `job start` would have.'
  static exitCodes = exitCodes()
  static override examples = ['<%= config.bin %> job watch 6e0b432e369904e76de6e95bac99c9e6', '<%= config.bin %> job watch last --wait-timeout 600 --json']
  static override args = {job: jobRefArg({description: 'a job id (32 hex characters), or `last` for the newest job', required: true})}
  static override flags = {...serverFlags, ...jobOutputFlags, ...waitFlags}

  async run(): Promise<ExitCodeValue> {
    const {args, flags} = await this.parse(JobWatch)
    const {watchJobCommand} = await import('../../lib/cli/job-watch.js')
    return watchJobCommand(this.session(flags), {job: args.job, output: chosenOutput(flags), ...waitSettings(flags)})
  }
}
