import {PushyCommand} from '../../lib/cli/base-command.js'
import {describe, outputFlags, serverFlags} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class JobFeed extends PushyCommand {
  static override summary = "Follow the organization's job feed until interrupted"
  static override description = describe(
    'One line per event (jobs starting and completing): time, event, job id, command, node count, user, status. ' +
      '--json prints one JSON object per line (NDJSON). A dropped connection is resumed with Last-Event-ID, and said on stderr.',
  )
  static override examples = ['<%= config.bin %> job feed', "<%= config.bin %> job feed --json | jq -c 'select(.event == \"job_complete\")'"]
  static override flags = {...serverFlags, json: outputFlags.json, color: outputFlags.color}

  async run(): Promise<void> {
    const {flags} = await this.parse(JobFeed)
    const io = this.setupIo(flags)
    const {openContext} = await import('../../lib/cli/context.js')
    const {client} = await openContext(flags, io, (fn) => this.onCleanup(fn))
    const [{followOrgFeed}, {systemSleep}, {renderFeedJson, renderFeedLine}] = await Promise.all([
      import('../../lib/wait/org-feed.js'),
      import('../../lib/wait/timing.js'),
      import('../../lib/render/feed-line.js'),
    ])
    const interrupt = new AbortController()
    process.once('SIGINT', () => interrupt.abort())
    process.once('SIGTERM', () => interrupt.abort())
    io.err(`Following ${client.baseUrl}/pushy/job_status_feed (Ctrl-C to stop)\n`)
    await followOrgFeed({
      client,
      signal: interrupt.signal,
      sleep: systemSleep,
      onEvent: (event) => io.out(flags.json ? renderFeedJson(event) : renderFeedLine(event, io.color)),
      onReconnect: (attempt, reason) => io.err(`Feed dropped (${reason}); reconnecting with Last-Event-ID (attempt ${attempt}) ...\n`),
    })
    await this.done(ExitCode.Interrupted)
  }
}
