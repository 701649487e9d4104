// 2. A large job end to end: search (every page), start, follow the feed to the end, render the
// summary — on a generated fleet of simulated nodes (exec: false). The server runs in its own
// process; /usr/bin/time measures the CLI process alone (user+sys CPU, peak RSS).
import {expectExit, generatedFleet, runCli, serverArgs, startServer, type CliRun, type ServerHandle} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed, median} from './lib/stats.js'

const SIZES = [1_000, 10_000, 50_000]
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DELAY_MS = 20
const CPU_TARGET_S = 2
const RSS_TARGET_MB = 200

interface Sample {
  cpuS: number
  rssMb: number
  wallMs: number
  requests: number
}

export async function bigJobBench(report: Report): Promise<void> {
  report.heading(`2. A large job end to end (generate: fleet, exec: false, delay_ms ${DELAY_MS}; CLI process only; median of ${RUNS})`)
  const results = new Map<number, Sample[]>()
  for (const size of SIZES) {
    const server = await startServer({fleetYaml: generatedFleet(size, DELAY_MS)})
    try {
      const samples: Sample[] = []
      for (let i = 0; i < RUNS; i++) {
        await server.stats(true)
        const run: CliRun = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', ...serverArgs(server)], {time: true, timeoutMs: 600_000, stdoutToFile: true})
        expectExit(run, [0], `job start on ${size} nodes`)
        const succeeded = (run.stdout.match(/^ {4}app-/gm) ?? []).length
        if (succeeded !== size) throw new Error(`job on ${size} nodes listed ${succeeded} succeeded nodes; stderr: ${run.stderr.slice(-600)}; stdout: ${run.stdout.slice(-400)}`)
        const stats = await server.stats(true)
        samples.push({cpuS: (run.userS ?? NaN) + (run.sysS ?? NaN), rssMb: (run.maxRssKb ?? NaN) / 1024, wallMs: run.wallMs, requests: stats.requests.length})
      }
      results.set(size, samples)
      const m = summary(samples)
      report.line(
        `  ${String(size).padStart(6)} nodes: CPU ${fixed(m.cpuS, 2)} s (runs ${samples.map((s) => fixed(s.cpuS, 2)).join(', ')}), peak RSS ${fixed(m.rssMb, 0)} MB, wall ${fixed(m.wallMs / 1000, 2)} s, ${fixed(m.requests, 0)} requests, CPU per node ${fixed((m.cpuS / size) * 1e6, 0)} µs`,
      )
      if (size === SIZES[SIZES.length - 1]) await pipeCheck(report, server, size)
    } finally {
      await server.close()
    }
  }

  const at = (size: number) => summary(results.get(size) ?? [])
  const ten = at(10_000)
  report.figure({bench: 'big job: CPU, 10,000 nodes', figure: `${fixed(ten.cpuS, 2)} s user+sys`, target: `< ${CPU_TARGET_S} s`, met: ten.cpuS < CPU_TARGET_S})
  report.figure({bench: 'big job: peak RSS, 10,000 nodes', figure: `${fixed(ten.rssMb, 0)} MB`, target: `< ${RSS_TARGET_MB} MB`, met: ten.rssMb < RSS_TARGET_MB})
  // Linear growth: the marginal CPU per node is the same from 1k→10k as from 10k→50k.
  const [a, b, c] = SIZES.map(at)
  const m1 = (b.cpuS - a.cpuS) / (SIZES[1] - SIZES[0])
  const m2 = (c.cpuS - b.cpuS) / (SIZES[2] - SIZES[1])
  const ratio = m2 / m1
  report.line(`  marginal CPU per node: ${fixed(m1 * 1e6, 0)} µs (1k→10k), ${fixed(m2 * 1e6, 0)} µs (10k→50k); fixed cost ≈ ${fixed((a.cpuS - m1 * SIZES[0]) * 1000, 0)} ms`)
  report.line(`  CPU 50k/10k = ${fixed(c.cpuS / b.cpuS, 2)}× for 5× the nodes; RSS ${fixed(a.rssMb, 0)} → ${fixed(b.rssMb, 0)} → ${fixed(c.rssMb, 0)} MB`)
  report.figure({
    bench: 'big job: linear growth',
    figure: `marginal CPU/node 10k→50k ÷ 1k→10k = ${fixed(ratio, 2)}`,
    target: '≤ 1.5 (linear)',
    met: ratio <= 1.5,
  })
}

function summary(samples: Sample[]): Sample {
  return {
    cpuS: median(samples.map((s) => s.cpuS)),
    rssMb: median(samples.map((s) => s.rssMb)),
    wallMs: median(samples.map((s) => s.wallMs)),
    requests: median(samples.map((s) => s.requests)),
  }
}

/** The same job with stdout on a pipe (as `pushy … | grep`): is the whole summary delivered? */
async function pipeCheck(report: Report, server: ServerHandle, size: number): Promise<void> {
  const run = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', ...serverArgs(server)], {timeoutMs: 600_000})
  expectExit(run, [0], `job start on ${size} nodes, stdout on a pipe`)
  const listed = (run.stdout.match(/^ {4}app-/gm) ?? []).length
  const whole = listed === size && /^status: +complete$/m.test(run.stdout)
  report.figure({
    bench: 'big job: stdout on a pipe',
    figure: whole ? `${size} nodes, whole summary delivered` : `${listed} of ${size} nodes listed, ${run.stdout.length} bytes: summary CUT SHORT`,
    target: 'whole summary',
    met: whole,
  })
  if (!whole) report.note('pushy exits (process.exit) before stdout drains; the big-job figures above send stdout to a file')
}
