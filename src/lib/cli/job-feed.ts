import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {renderFeedJson, renderFeedLine} from '../render/feed-line.js'
import {followOrgFeed} from '../wait/org-feed.js'
import {systemSleep} from '../wait/timing.js'
import type {CommandSession} from './context.js'

/** `pushy job feed`: every event of the organization's feed until Ctrl-C (exit 130). */
export async function followJobFeedCommand(session: CommandSession, input: {json: boolean}): Promise<ExitCodeValue> {
  const {io} = session
  const {client} = await session.context()
  io.err(`Following ${client.baseUrl}/pushy/job_status_feed (Ctrl-C to stop)\n`)
  await followOrgFeed({
    client,
    signal: session.interrupted,
    sleep: systemSleep,
    onEvent: (event) => io.out(input.json ? renderFeedJson(event) : renderFeedLine(event, io.color)),
    onReconnect: (attempt, reason) => io.err(`Feed dropped (${reason}); reconnecting with Last-Event-ID (attempt ${attempt}) ...\n`),
  })
  return ExitCode.Interrupted
}
