import {PushyCommand} from '../../lib/cli/base-command.js'
import {exitCodes, jsonOnlyFlags, serverFlags} from '../../lib/cli/flags.js'
import type {ExitCodeValue} from '../../lib/exit-codes.js'

export default class JobFeed extends PushyCommand {
  static override summary = "Follow the organization's job feed until interrupted"
  static override description = 'One line per event (jobs starting and completing): time, event, job id, command, node count, user, status. ' +
      '--json prints one JSON object per line (NDJSON). A dropped connection is resumed with Last-Event-ID, and said on stderr.'
  static exitCodes = exitCodes()
  static override examples = ['<%= config.bin %> job feed', "<%= config.bin %> job feed --json | jq -c 'select(.event == \"job_complete\")'"]
  static override flags = {...serverFlags, ...jsonOnlyFlags}

  async run(): Promise<ExitCodeValue> {
    const {flags} = await this.parse(JobFeed)
    const {followJobFeedCommand} = await import('../../lib/cli/job-feed.js')
    return followJobFeedCommand(this.session(flags), {json: flags.json})
  }
}
