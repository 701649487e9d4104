import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenOutput, exitCodes, outputFlags, serverFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class NodeStatus extends PushyCommand {
  static override summary = 'Availability of nodes for push jobs'
  static override description = 'With no arguments, every node whose push client is heartbeating (the server leaves offline nodes out). ' +
      'Named or searched nodes are looked up one by one, concurrently, and also show online/offline in -F table and --json.'
  static exitCodes = exitCodes()
  static override examples = ['<%= config.bin %> node status', '<%= config.bin %> node status --all -F table', '<%= config.bin %> node status web-01 web-02 -F table', "<%= config.bin %> node status --search 'role:webapp' --json"]
  static override usage = 'node status [NODE...] [-s QUERY | --all] [FLAGS]'
  static override strict = false
  static override args = {nodes: Args.string({description: 'node names', required: false})}
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    search: Flags.string({char: 's', description: 'Chef search query on the node index, e.g. role:webapp', exclusive: ['all']}),
    all: Flags.boolean({char: 'a', description: 'every node Chef search knows, offline ones included (the server lists only connected nodes)'}),
  }

  async run(): Promise<ExitCodeValue> {
    const {argv, flags} = await this.parse(NodeStatus)
    const {showNodeStatus} = await import('../../lib/cli/node-status.js')
    return showNodeStatus(this.session(flags), {named: argv as string[], search: flags.search, all: flags.all, output: chosenOutput(flags)})
  }
}
