import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenOutput, exitCodes, jobRefArg, jobOutputFlags, serverFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobStatus extends PushyCommand {
  static override summary = 'Show one job, like knife job status'
  static override description = 'Shows a job as the server reports it: status, and its nodes grouped by their state (sorted). ' +
      "The exit code says whether the job could be read, not how it went: use `pushy job watch` for that."
  static exitCodes = exitCodes()
  static override examples = ['<%= config.bin %> job status 6e0b432e369904e76de6e95bac99c9e6', '<%= config.bin %> job status last --json']
  static override args = {job: jobRefArg({description: 'a job id (32 hex characters), or `last` for the newest job', required: true})}
  static override flags = {...serverFlags, ...jobOutputFlags}

  async run(): Promise<ExitCodeValue> {
    const {args, flags} = await this.parse(JobStatus)
    const {showJobStatus} = await import('../../lib/cli/job-status.js')
    return showJobStatus(this.session(flags), {job: args.job, output: chosenOutput(flags)})
  }
}
