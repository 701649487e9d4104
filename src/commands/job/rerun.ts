import {PushyCommand} from '../../lib/cli/base-command.js'
import {exitCodes, jobFlags, jobOutputFlags, jobRefArg, jobStartSettings, launchFlags, nodeStatesFlag, rolloutFlags, serverFlags, waitFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobRerun extends PushyCommand {
  static override summary = 'Run a job again on its nodes that did not succeed'
  static override description =
    'Starts the same command with the same options (run_timeout, user, dir, env, capture, file) on the nodes of JOBID in the ' +
      'given states (default: every state but succeeded). Flags given override the old job\'s options (-e adds to its environment). ' +
    'Follows the job like `job start`; --batch-size rolls it out in batches. Nothing to rerun: a line saying so, exit 0.'
  static exitCodes = exitCodes()
  static override examples = [
    '<%= config.bin %> job rerun last',
    '<%= config.bin %> job rerun 6e0b432e369904e76de6e95bac99c9e6 --state failed,crashed --timeout 600',
    '<%= config.bin %> job rerun last --batch-size 10 --max-failures 1',
  ]
  static override args = {
    job: jobRefArg({description: 'a job id (32 hex characters), or `last` for the newest job', required: true, ignoreStdin: true}),
  }
  static override flags = {
    ...serverFlags,
    ...jobOutputFlags,
    state: nodeStatesFlag({description: 'rerun the nodes in these states, comma-separated (default: every state but succeeded)'}),
    ...jobFlags,
    ...waitFlags,
    ...rolloutFlags,
    ...launchFlags,
  }

  async run(): Promise<ExitCodeValue> {
    const {args, flags} = await this.parse(JobRerun)
    const {rerunJobCommand} = await import('../../lib/cli/job-rerun.js')
    return rerunJobCommand(this.session(flags), {
      job: args.job,
      states: flags.state,
      ...jobStartSettings(flags),
    })
  }
}
