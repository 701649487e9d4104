// A rollout against one job: 10,000 nodes in batches of 10% (ten jobs, one after the other)
// against the same 10,000 nodes as one job, on a generated fleet of simulated nodes. The server
// runs in its own process; /usr/bin/time measures the CLI process alone (user+sys CPU).
import {expectExit, generatedFleet, runCli, serverArgs, startServer} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed, median} from './lib/stats.js'

const NODES = 10_000
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const DELAY_MS = 20
/** a rollout may cost at most this much more CLI CPU than the same nodes in one job */
const OVERHEAD_TARGET = 0.1

export async function rolloutBench(report: Report): Promise<void> {
  report.heading(`8. A rollout of ${NODES.toLocaleString('en-US')} nodes in batches of 10% against one job on the same nodes (CLI CPU, user+sys; median of ${RUNS}, interleaved)`)
  const server = await startServer({fleetYaml: generatedFleet(NODES, DELAY_MS)})
  try {
    const one: number[] = []
    const batched: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const job = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', ...serverArgs(server)], {time: true, timeoutMs: 600_000, stdoutToFile: true})
      expectExit(job, [0], `one job on ${NODES} nodes`)
      one.push((job.userS ?? NaN) + (job.sysS ?? NaN))
      const rollout = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', '--batch-size', '10%', ...serverArgs(server)], {time: true, timeoutMs: 600_000, stdoutToFile: true})
      expectExit(rollout, [0], `a rollout of ${NODES} nodes in batches of 10%`)
      const batches = (rollout.stderr.match(/^Batch \d+\/10: Started/gm) ?? []).length
      if (batches !== 10) throw new Error(`the rollout started ${batches} batches, not 10; stderr: ${rollout.stderr.slice(-600)}`)
      batched.push((rollout.userS ?? NaN) + (rollout.sysS ?? NaN))
    }
    const a = median(one)
    const b = median(batched)
    const overhead = b / a - 1
    report.line(`  one job: CPU ${fixed(a, 2)} s (runs ${one.map((s) => fixed(s, 2)).join(', ')}); 10 batches: CPU ${fixed(b, 2)} s (runs ${batched.map((s) => fixed(s, 2)).join(', ')})`)
    report.figure({bench: 'rollout: CLI CPU over one job, 10,000 nodes in 10% batches', figure: `${fixed(overhead * 100, 1)} % more (${fixed(b, 2)} s vs ${fixed(a, 2)} s)`, target: `< ${OVERHEAD_TARGET * 100} %`, met: overhead < OVERHEAD_TARGET})
  } finally {
    await server.close()
  }
}
