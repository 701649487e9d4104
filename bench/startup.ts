// 1. Start-up: `pushy --version` and `pushy job status ID` against a running server, each beside a
// floor run in the same loop — a minimal Node script doing the same thing (bench/floor/).
// Interleaved in a shuffled order every round, after warm-up runs; medians of ROUNDS runs.
import {join} from 'node:path'
import {cliSnapshot, expectExit, generatedFleet, ROOT, runCli, runNode, serverArgs, startServer, type CliRun} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed, median, spread} from './lib/stats.js'

const ROUNDS = 21
const WARMUP = 3
const TARGET_RATIO = 1.5

export async function startupBench(report: Report): Promise<void> {
  report.heading('1. Start-up (wall time, spawn to exit)')
  const server = await startServer({fleetYaml: generatedFleet(3, 10)})
  try {
    const args = serverArgs(server)
    const job = await runCli(['job', 'start', 'chef-client', 'app-01', 'app-02', 'app-03', '--json', ...args])
    expectExit(job, [0], 'job start for the start-up bench')
    const id = (JSON.parse(job.stdout) as {id: string}).id
    const jobUrl = `${server.url}/pushy/jobs/${id}`
    const floorDir = join(ROOT, 'bench', 'floor')

    const cases: Record<string, () => Promise<CliRun>> = {
      'pushy --version': () => runCli(['--version']),
      'floor version': () => runNode([join(floorDir, 'version.mjs'), join(cliSnapshot().root, 'package.json')]),
      'pushy job status': () => runCli(['job', 'status', id, ...args]),
      'floor signed GET': () => runNode([join(floorDir, 'get.mjs'), jobUrl, server.userName, server.keyPath]),
    }
    const expected: Record<string, (run: CliRun) => boolean> = {
      'pushy --version': (r) => r.stdout.startsWith('pushy/'),
      'floor version': (r) => r.stdout.startsWith('pushy/'),
      'pushy job status': (r) => r.stdout.includes(id),
      'floor signed GET': (r) => r.stdout.includes(id),
    }
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
    const names = Object.keys(cases)
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      // a different order every round, so drift and neighbours' load fall on every case alike
      const order = [...names].sort(() => Math.random() - 0.5)
      for (const name of order) {
        const run = await cases[name]()
        expectExit(run, [0], name)
        if (!expected[name](run)) throw new Error(`${name}: unexpected output ${run.stdout.slice(0, 200)}`)
        if (round >= WARMUP) times[name].push(run.wallMs)
      }
    }

    for (const name of names) report.line(`  ${name.padEnd(18)} ${spread(times[name], 'ms')}`)
    const pairs: Array<[string, string, string]> = [
      ['pushy --version', 'floor version', 'floor: node printing name/version from package.json'],
      ['pushy job status', 'floor signed GET', 'floor: node signing (1.1) and sending the same GET'],
    ]
    for (const [cli, floor, what] of pairs) {
      const ratio = median(times[cli]) / median(times[floor])
      report.figure({
        bench: `startup: ${cli}`,
        figure: `${fixed(median(times[cli]), 0)} ms vs floor ${fixed(median(times[floor]), 0)} ms = ${fixed(ratio, 2)}×`,
        target: `≤ ${TARGET_RATIO}× floor`,
        met: ratio <= TARGET_RATIO,
      })
      report.line(`    (${what})`)
    }
    const statusVsGet = median(times['pushy --version']) / median(times['floor signed GET'])
    report.line(`  pushy --version against the signed-GET floor: ${fixed(statusVsGet, 2)}×`)
    await oclifPerf(report, id, args)
  } finally {
    await server.close()
  }
}

/** oclif's own figures (DEBUG=oclif:perf with settings.performanceEnabled set by a preload). */
async function oclifPerf(report: Report, id: string, args: string[]): Promise<void> {
  const preload = join(ROOT, 'bench', 'lib', 'oclif-perf.mjs')
  const runs: CliRun[] = []
  for (let i = 0; i < 5; i++) {
    runs.push(await runNode(['--import', preload, cliSnapshot().bin, 'job', 'status', id, ...args], {env: {DEBUG: 'oclif:perf'}}))
  }
  const pick = (run: CliRun, label: string): number | undefined => {
    const match = new RegExp(`oclif:perf\\s+${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ([\\d.]+)ms`).exec(run.stderr)
    return match ? Number(match[1]) : undefined
  }
  const labels = ['Process Uptime', 'Oclif Time', 'Init Time', 'Config Load Time', '  • Root Plugin Load Time', 'Command Load Time', 'Command Run Time']
  if (runs.every((r) => pick(r, 'Oclif Time') === undefined)) {
    report.note('oclif:perf printed nothing (bin/run.js may not go through oclif execute())')
    return
  }
  report.line('  oclif:perf for `pushy job status` (median of 5, ms; Process Uptime is at the end of the run):')
  for (const label of labels) {
    const values = runs.map((r) => pick(r, label.trim())).filter((v): v is number => v !== undefined)
    if (values.length > 0) report.line(`    ${label.trim().padEnd(26)} ${fixed(median(values), 1)}`)
  }
}
