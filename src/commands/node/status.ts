import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {describe, outputFlags, serverFlags, chosenFormat} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class NodeStatus extends PushyCommand {
  static override summary = 'Availability of nodes for push jobs'
  static override description = describe(
    'With no arguments, every node whose push client is heartbeating (the server leaves offline nodes out). ' +
      'Named or searched nodes are looked up one by one, concurrently, and also show online/offline in -F table and --json.',
  )
  static override examples = ['<%= config.bin %> node status', '<%= config.bin %> node status web-01 web-02 -F table', "<%= config.bin %> node status --search 'role:webapp' --json"]
  static override strict = false
  static override args = {nodes: Args.string({description: 'node names', required: false})}
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    search: Flags.string({char: 's', description: 'Chef search query on the node index, e.g. role:webapp'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(NodeStatus)
    const io = this.setupIo(flags)
    const {mergeTargets} = await import('../../lib/job/targets.js')
    const named = mergeTargets(argv as string[], [])
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const [{listNodeStates, getNodeState, mapBounded}, {searchNodeNames}, {nodeStatusRows, renderNodeStatusLines}, {renderAs}] = await Promise.all([
      import('../../lib/api/nodes.js'),
      import('../../lib/api/search.js'),
      import('../../lib/render/node-status.js'),
      import('../../lib/render/format.js'),
    ])

    const names = flags.search ? mergeTargets(named, await searchNodeNames(client, flags.search)) : named
    const entries =
      names.length > 0 || flags.search ? await mapBounded(names, 16, (name) => getNodeState(client, name)) : await listNodeStates(client)
    const format = chosenFormat(flags)
    io.out(format === 'summary' || format === 'text' ? renderNodeStatusLines(entries) : renderAs(format, nodeStatusRows(entries), {color: io.color}))
    await this.done(ExitCode.Ok)
  }
}
