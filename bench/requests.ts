// 4. Requests per job: with the feed a job costs the same few requests however long it runs (search,
// POST, one feed, one final GET); polling costs one GET per interval. Counted from the server's
// request log. Scaled down: a 60 s job is extrapolated from shorter ones (set BENCH_FULL=1 to run
// the real 60 s job with the feed as well).
import {expectExit, runCli, serverArgs, startServer, type LoggedRequest, type ServerHandle} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed} from './lib/stats.js'

interface Count {
  total: number
  kinds: string
  jobGets: number
  seconds: number
  /** server-side: POST jobs → last GET job, seconds */
  waitedS: number
}

const kind = (r: LoggedRequest): string => {
  const path = r.url.split('?')[0]
  if (path.includes('/search/')) return 'search'
  if (path.includes('/job_status_feed/')) return 'feed'
  if (r.method === 'POST' && path.endsWith('/pushy/jobs')) return 'POST jobs'
  if (r.method === 'GET' && /\/pushy\/jobs\/[0-9a-f]{32}$/.test(path)) return 'GET job'
  return `${r.method} ${path}`
}

async function countJob(server: ServerHandle, delayMs: number, extra: string[]): Promise<Count> {
  await server.stats(true)
  const started = performance.now()
  const run = await runCli(['job', 'start', 'chef-client', '--search', `name:d${delayMs}`, ...extra, ...serverArgs(server)], {timeoutMs: 300_000})
  const seconds = (performance.now() - started) / 1000
  expectExit(run, [0], `job start (${delayMs} ms node)`)
  const {requests} = await server.stats(true)
  const tally = new Map<string, number>()
  for (const r of requests) tally.set(kind(r), (tally.get(kind(r)) ?? 0) + 1)
  const post = requests.find((r) => kind(r) === 'POST jobs')
  const lastGet = requests.filter((r) => kind(r) === 'GET job').pop()
  const waitedS = post && lastGet ? (lastGet.start - post.start) / 1000 : seconds
  return {total: requests.length, kinds: [...tally].map(([k, n]) => `${n} ${k}`).join(', '), jobGets: tally.get('GET job') ?? 0, seconds, waitedS}
}

export async function requestsBench(report: Report): Promise<void> {
  const full = process.env.BENCH_FULL === '1'
  const feedDelays = full ? [2_000, 15_000, 60_000] : [2_000, 15_000]
  const pollDelay = 5_000
  report.heading(`4. Requests per job (one node; feed jobs of ${feedDelays.map((d) => `${d / 1000} s`).join(', ')}; polling on a ${pollDelay / 1000} s job)`)
  const delays = [...new Set([...feedDelays, pollDelay])]
  const nodes = delays.map((d) => `  - {name: d${d}, delay_ms: ${d}, exec: false, whitelist: {chef-client: "true"}}`).join('\n')
  const server = await startServer({fleetYaml: `nodes:\n${nodes}\n`})
  try {
    const feed: Count[] = []
    for (const delay of feedDelays) {
      const c = await countJob(server, delay, [])
      feed.push(c)
      report.line(`  feed, ${fixed(c.seconds, 1)} s job: ${c.total} requests (${c.kinds})`)
    }
    const poll = await countJob(server, pollDelay, ['--no-feed', '--poll-interval', '1'])
    report.line(`  --no-feed --poll-interval 1, ${fixed(poll.seconds, 1)} s job: ${poll.total} requests (${poll.kinds})`)
    const constant = feed.every((c) => c.total === feed[0].total)
    // polls after the first, over the time from POST to the last poll (server's clock): the rate
    const rate = (poll.jobGets - 1) / poll.waitedS
    const pollAt60 = poll.total - poll.jobGets + 1 + Math.round(rate * 60)
    const feed60 = feed[feed.length - 1]
    report.figure({
      bench: 'requests per 60 s job (feed)',
      figure: `${feed60.total} requests${full ? '' : ' (same for 2 s and 15 s jobs, so for 60 s)'}`,
      target: 'constant in job length',
      met: constant,
    })
    report.figure({bench: 'requests per 60 s job (1 s polling)', figure: `≈ ${pollAt60} requests (extrapolated: ${fixed(rate, 2)} GET/s while waiting)`, target: '— (for comparison)'})
  } finally {
    await server.close()
  }
}
