// 3. Completion latency: from the moment the server writes `job_complete` to the CLI's feed
// connection (recorded in the server process, wall clock with sub-ms precision) to the moment the
// bench sees the CLI process exit (same clock). Includes the final GET, rendering and process
// exit: all the user waits for. Polling (--no-feed, knife's way) is measured alongside.
import {expectExit, generatedFleet, runCli, serverArgs, startServer, type ServerHandle} from './lib/harness.js'
import {jobIdOf} from './lib/job-id.js'
import type {Report} from './lib/report.js'
import {jobCompleteTime} from './lib/signed.js'
import {fixed, median, spread} from './lib/stats.js'

const FEED_RUNS = 15
const POLL_RUNS = 5
const TARGET_MS = 30
/** long enough that the CLI is on the feed before the job ends */
const DELAY_MS = 800

export async function latencyBench(report: Report): Promise<void> {
  report.heading(`3. Completion latency (job_complete written → CLI exit; 5 nodes, delay_ms ${DELAY_MS})`)
  const server = await startServer({fleetYaml: generatedFleet(5, DELAY_MS), timings: {completeWaitMs: 60_000}})
  try {
    const feed: number[] = []
    breakdown.length = 0
    const poll: number[] = []
    await once(server, []) // warm-up
    for (let i = 0; i < FEED_RUNS; i++) {
      feed.push(await once(server, []))
      if (i < POLL_RUNS) poll.push(await once(server, ['--no-feed', '--poll-interval', '1']))
    }
    report.line(`  feed:                       ${spread(feed, 'ms')}`)
    report.line(`  --no-feed --poll-interval 1: ${spread(poll, 'ms')} (from job_complete's own timestamp)`)
    if (breakdown.length > 0) {
      const part = (key: 'react' | 'serve' | 'exit'): string => fixed(median(breakdown.map((b) => b[key])), 1)
      report.line(`    where (medians): job_complete → final GET reaches the server ${part('react')} ms; GET served ${part('serve')} ms; answer → process exit (render, clean-up, exit) ${part('exit')} ms`)
    }
    const m = median(feed)
    report.figure({bench: 'completion latency (feed)', figure: `median ${fixed(m, 1)} ms`, target: `< ${TARGET_MS} ms`, met: m < TARGET_MS})
    report.figure({bench: 'completion latency (1 s polling)', figure: `median ${fixed(median(poll), 0)} ms`, target: '— (knife: ~500 ms)'})
  } finally {
    await server.close()
  }
}

/** One job; returns ms from job_complete (server) to CLI exit (bench). */
async function once(server: ServerHandle, extra: string[]): Promise<number> {
  await server.stats(true)
  if (extra.includes('--no-feed')) return pollOnce(server, extra)
  const run = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', ...extra, ...serverArgs(server)])
  expectExit(run, [0], 'job start (latency)')
  const id = jobIdOf(run.stdout, run.stderr)
  const stats = await server.stats(true)
  const complete = stats.completes.find((c) => c.url.includes(id))
  if (!complete) throw new Error(`no live job_complete was written for job ${id} (the CLI joined the feed after the job ended?)`)
  const get = stats.requests.find((r) => r.method === 'GET' && r.url.endsWith(`/jobs/${id}`))
  if (get) breakdown.push({react: get.start - complete.at, serve: get.end - get.start, exit: run.exitedAt - get.end})
  return run.exitedAt - complete.at
}

/** per feed run: job_complete → final GET arrives, the GET served, GET answered → process gone */
const breakdown: Array<{react: number; serve: number; exit: number}> = []

/** Polling: the CLI never reads the feed, so job_complete's time is the event's own timestamp (µs). */
async function pollOnce(server: ServerHandle, extra: string[]): Promise<number> {
  const run = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', ...extra, ...serverArgs(server)])
  expectExit(run, [0], 'job start --no-feed (latency)')
  return run.exitedAt - (await jobCompleteTime(server, jobIdOf(run.stdout, run.stderr)))
}
