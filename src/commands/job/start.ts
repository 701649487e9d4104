import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {exitCodes, jobFlags, jobOutputFlags, jobStartSettings, launchFlags, rolloutFlags, serverFlags, waitFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobStart extends PushyCommand {
  static override summary = 'Start a job on nodes, follow it and report the result'
  static override description = 'Starts COMMAND (a whitelisted job name on the nodes) on the named nodes and/or the nodes a Chef search finds, ' +
      "follows the server's event feed (or polls a Push Jobs 1.x server), shows progress on stderr and prints the final job " +
      "on stdout in knife's format. --dry-run resolves the nodes and checks availability and the quorum without starting anything " +
      '(exit 0 if the quorum would be met, 3 if not). --batch-size rolls the command out in batches, one job per batch, and stops ' +
      'once more nodes fail than --max-failures allows; the summary lists the nodes never reached (not_started). With --batch-size, ' +
      '--dry-run shows each batch and whether its quorum would be met.'
  static exitCodes = exitCodes()
  static override examples = [
    '<%= config.bin %> job start --quorum 90% chef-client --search role:webapp',
    '<%= config.bin %> job start chef-client web-01 web-02 --capture --json',
    'id=$(<%= config.bin %> job start --nowait chef-client --search "chef_environment:prod AND name:web*")',
    '<%= config.bin %> job start -z --quorum 90% chef-client --search role:webapp',
    '<%= config.bin %> job start chef-client --search role:webapp --batch-size 10% --max-failures 2 --json > rollout.json',
    "jq -r '.not_started[]' rollout.json | <%= config.bin %> job start chef-client --nodes-from - --batch-size 10%",
  ]
  // oclif would write `COMMAND... [NODES...]`, as if several commands could be given
  static override usage = 'job start COMMAND [NODE...] [-s QUERY] [FLAGS]'
  static override strict = false
  // ignoreStdin: oclif otherwise reads stdin into a missing argument, which would swallow the
  // node list that `--nodes-from -` reads from stdin.
  static override args = {
    command: Args.string({description: 'job name, as whitelisted on the nodes (e.g. chef-client)', required: true, ignoreStdin: true}),
    nodes: Args.string({description: 'node names (any number)', required: false, ignoreStdin: true}),
  }
  static override flags = {
    ...serverFlags,
    ...jobOutputFlags,
    search: Flags.string({char: 's', description: 'Chef search query on the node index; every page is read'}),
    ...jobFlags,
    ...waitFlags,
    ...rolloutFlags,
    ...launchFlags,
  }

  async run(): Promise<ExitCodeValue> {
    const {argv, flags} = await this.parse(JobStart)
    const [command, ...named] = argv as string[]
    const {startJobCommand} = await import('../../lib/cli/job-start.js')
    return startJobCommand(this.session(flags), {
      command,
      named,
      search: flags.search,
      ...jobStartSettings(flags),
    })
  }
}
