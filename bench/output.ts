// 5. `job output` for 1,000 nodes: total wall time beside its floor (a Node process making the
// 1,000 signatures alone, bench/floor/sign.mjs), interleaved; and the most connections the CLI had
// open to the server at once (node:diagnostics_channel in the server process) — fetching must be
// bounded.
import {join} from 'node:path'
import {expectExit, generatedFleet, ROOT, runCli, runNode, serverArgs, startServer} from './lib/harness.js'
import {jobIdOf} from './lib/job-id.js'
import type {Report} from './lib/report.js'
import {fixed, median} from './lib/stats.js'

const NODES = 1_000
const RUNS = 5
const BOUND = 32
const TARGET_MS = 600

export async function outputBench(report: Report): Promise<void> {
  report.heading(`5. job output for ${NODES} nodes (captured stdout; median of ${RUNS}, each beside ${NODES} signatures alone)`)
  const server = await startServer({fleetYaml: generatedFleet(NODES, 10)})
  try {
    const job = await runCli(['job', 'start', 'chef-client', '--search', 'role:app', '--capture', ...serverArgs(server)], {stdoutToFile: true})
    expectExit(job, [0], 'job start --capture')
    const id = jobIdOf(job.stdout, job.stderr)
    const walls: number[] = []
    const floors: number[] = []
    const peaks: number[] = []
    const connections: number[] = []
    let requests = 0
    for (let i = 0; i < RUNS; i++) {
      const floor = await runNode([join(ROOT, 'bench', 'floor', 'sign.mjs'), String(NODES), server.userName, server.keyPath], {time: true})
      expectExit(floor, [0], 'signing floor')
      floors.push(floor.wallMs)
      await server.stats(true)
      const run = await runCli(['job', 'output', id, '--no-group', ...serverArgs(server)], {stdoutToFile: true, time: true})
      expectExit(run, [0], 'job output')
      const lines = run.stdout.split('\n').filter((l) => l.includes('simulated run')).length
      if (lines !== NODES) throw new Error(`job output printed ${lines} node outputs, wanted ${NODES}`)
      const stats = await server.stats(true)
      walls.push(run.wallMs)
      peaks.push(stats.inFlightMax)
      connections.push(stats.connectionsMax)
      requests = stats.requests.length
      report.line(
        `  run ${i + 1}: ${fixed(run.wallMs, 0)} ms wall, CPU ${fixed((run.userS ?? 0) + (run.sysS ?? 0), 2)} s, ${stats.requests.length} requests, at most ${stats.connectionsMax} connections open and ${stats.inFlightMax} requests being served at once; ${NODES} signatures alone: ${fixed(floor.wallMs, 0)} ms wall, CPU ${fixed((floor.userS ?? 0) + (floor.sysS ?? 0), 2)} s`,
      )
    }
    const peak = Math.max(...connections)
    report.note(`the server answers most requests within one tick, so it rarely holds more than ${Math.max(...peaks)} at once; the connections the CLI opened show how many it had outstanding (OUTPUT_CONCURRENCY is 16)`)
    report.figure({bench: 'job output, 1,000 nodes: time', figure: `${fixed(median(walls), 0)} ms (${requests} requests)`, target: `< ${TARGET_MS} ms`, met: median(walls) < TARGET_MS})
    report.figure({
      bench: 'job output, 1,000 nodes: vs signing',
      figure: `${fixed(median(walls), 0)} ms vs ${NODES} signatures alone ${fixed(median(floors), 0)} ms = ${fixed(median(walls) / median(floors), 2)}×`,
      target: '— (the floor)',
    })
    report.figure({bench: 'job output, 1,000 nodes: concurrency', figure: `at most ${peak} requests outstanding (connections open)`, target: `bounded (≤ ${BOUND})`, met: peak <= BOUND})
  } finally {
    await server.close()
  }
}
