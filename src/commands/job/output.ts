import {Args, Flags} from '@oclif/core'
import {parseJobRef} from '../../lib/api/jobs.js'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {exitCodes, jsonOnlyFlags, nodeStatesFlag, serverFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobOutput extends PushyCommand {
  static override summary = "Print nodes' captured stdout/stderr of a job"
  static override description = 'One node: the captured bytes exactly as stored (`> file` gives the same bytes). Several nodes, or none named (every node ' +
      'that finished): nodes with identical output are printed once under a header listing them, like `dshbak -c`. ' +
      '--state picks the nodes in those states (`--state failed`). --dir DIR writes DIR/NODE.stdout, DIR/NODE.stderr and DIR/job.json ' +
      'instead of printing (a node name that is not a plain file name, such as `..`, is percent-encoded: `%2E%2E.stdout`). ' +
      'Output exists only for jobs started with --capture; a node without output gets a line on stderr saying why. Exit 6 only if no node had output.'
  static exitCodes = exitCodes()
  static override examples = [
    '<%= config.bin %> job output 6e0b432e369904e76de6e95bac99c9e6 web-01 > web-01.log',
    '<%= config.bin %> job output last',
    '<%= config.bin %> job output 6e0b432e369904e76de6e95bac99c9e6 --channel stderr --no-group',
    '<%= config.bin %> job output last --state failed --channel both',
    '<%= config.bin %> job output last --dir ./job-output',
  ]
  // oclif would write `JOB... [NODES...]`, as if several jobs could be given
  static override usage = 'job output JOB [NODE...] [FLAGS]'
  static override strict = false
  // ignoreStdin: oclif otherwise reads stdin into a missing NODE argument.
  static override args = {
    job: Args.string({description: 'a job id (32 hex characters), or `last` for the newest job', required: true, ignoreStdin: true}),
    nodes: Args.string({description: 'node names (default: every node that finished)', required: false, ignoreStdin: true}),
  }
  static override flags = {
    ...serverFlags,
    ...jsonOnlyFlags,
    channel: Flags.option({description: 'which stream', options: ['stdout', 'stderr', 'both'] as const, default: 'stdout'})(),
    state: nodeStatesFlag({description: "the job's nodes in these states, comma-separated (e.g. failed,crashed)"}),
    dir: Flags.string({description: 'write DIR/NODE.stdout, DIR/NODE.stderr and DIR/job.json instead of printing'}),
    group: Flags.boolean({description: 'group identical output (--no-group: prefix each line with its node)', allowNo: true, default: true}),
  }

  async run(): Promise<ExitCodeValue> {
    const {argv, flags} = await this.parse(JobOutput)
    const [job, ...named] = argv as string[]
    const {showJobOutput} = await import('../../lib/cli/job-output.js')
    return showJobOutput(this.session(flags), {job: parseJobRef(job), named, states: flags.state, dir: flags.dir, channel: flags.channel, group: flags.group, json: flags.json})
  }
}
