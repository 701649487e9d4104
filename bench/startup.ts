// 1. Start-up: `pushy --version`, `job status ID`, `job list` and `node status` against a running
// server, each beside its floor run in the same loop — a minimal Node script doing the same
// thing (bench/floor/: printing the version; signing and sending the same GET). The three
// server commands run twice a round: with a warm code cache (the user's usual case) and a cold
// one (a fresh, empty cache directory: the first run after an install or a Node upgrade).
// Interleaved in a shuffled order every round, after warm-up runs; medians of ROUNDS runs.
import {mkdtempSync} from 'node:fs'
import {join} from 'node:path'
import {cliSnapshot, expectExit, generatedFleet, ROOT, runCli, runNode, serverArgs, startServer, tempDir, type CliRun} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed, median, spread} from './lib/stats.js'

const ROUNDS = 21
const WARMUP = 3
const TARGETS: Record<string, number> = {'pushy --version': 1.1, 'pushy job status (warm)': 1.5}

interface Case {
  run: () => Promise<CliRun>
  /** what its output must contain */
  expect: string
}

export async function startupBench(report: Report): Promise<void> {
  report.heading('1. Start-up (wall time, spawn to exit; warm = code cache from earlier runs, cold = empty cache directory)')
  const server = await startServer({fleetYaml: generatedFleet(3, 10)})
  try {
    const args = serverArgs(server)
    const job = await runCli(['job', 'start', 'chef-client', 'app-01', 'app-02', 'app-03', '--json', ...args])
    expectExit(job, [0], 'job start for the start-up bench')
    const id = (JSON.parse(job.stdout) as {id: string}).id
    const floorDir = join(ROOT, 'bench', 'floor')
    const warmCache = tempDir('pushy-bench-cache-')
    const coldCaches = tempDir('pushy-bench-cold-')
    const pushy = (argv: string[], cache: 'warm' | 'cold') => () =>
      runCli(argv, {env: {XDG_CACHE_HOME: cache === 'warm' ? warmCache : mkdtempSync(join(coldCaches, 'c-'))}})
    const floorGet = (path: string) => () => runNode([join(floorDir, 'get.mjs'), `${server.url}/${path}`, server.userName, server.keyPath])

    const commands: Array<[string, string[], string, string]> = [
      ['job status', ['job', 'status', id, ...args], `pushy/jobs/${id}`, id],
      ['job list', ['job', 'list', ...args], 'pushy/jobs', id],
      ['node status', ['node', 'status', ...args], 'pushy/node_states', 'app-01'],
    ]
    const cases: Record<string, Case> = {
      'pushy --version': {run: () => runCli(['--version']), expect: 'pushy/'},
      'floor version': {run: () => runNode([join(floorDir, 'version.mjs'), join(cliSnapshot().root, 'package.json')]), expect: 'pushy/'},
    }
    const pairs: Array<[string, string]> = [['pushy --version', 'floor version']]
    for (const [name, argv, path, expect] of commands) {
      cases[`pushy ${name} (warm)`] = {run: pushy(argv, 'warm'), expect}
      cases[`pushy ${name} (cold)`] = {run: pushy(argv, 'cold'), expect}
      cases[`floor GET ${path.replace(id, 'ID')}`] = {run: floorGet(path), expect}
      pairs.push([`pushy ${name} (warm)`, `floor GET ${path.replace(id, 'ID')}`], [`pushy ${name} (cold)`, `floor GET ${path.replace(id, 'ID')}`])
    }

    const names = Object.keys(cases)
    const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]))
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      // a different order every round, so drift and neighbours' load fall on every case alike
      const order = [...names].sort(() => Math.random() - 0.5)
      for (const name of order) {
        const run = await cases[name].run()
        expectExit(run, [0], name)
        if (!run.stdout.includes(cases[name].expect)) throw new Error(`${name}: unexpected output ${run.stdout.slice(0, 200)}`)
        if (round >= WARMUP) times[name].push(run.wallMs)
      }
    }

    const width = Math.max(...names.map((n) => n.length))
    for (const name of names) report.line(`  ${name.padEnd(width)} ${spread(times[name], 'ms')}`)
    for (const [cli, floor] of pairs) {
      const ratio = median(times[cli]) / median(times[floor])
      const target = TARGETS[cli]
      report.figure({
        bench: `startup: ${cli}`,
        figure: `${fixed(median(times[cli]), 0)} ms vs ${floor} ${fixed(median(times[floor]), 0)} ms = ${fixed(ratio, 2)}×`,
        target: target ? `≤ ${target}× floor` : '— (for comparison)',
        met: target ? ratio <= target : undefined,
      })
    }
    report.line('    (floors: node printing name/version from package.json; node signing (1.1) and sending the same GET)')
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
