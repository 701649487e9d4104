// `npm run bench` (builds first): every benchmark, or the ones named on the command line
// (`node --import tsx bench/run.ts startup latency`). Prints figures beside their targets, a final
// table, and (for a run of every benchmark) writes bench/results.md. Exits non-zero only when a benchmark broke, never for a
// missed target (those say MISSED).
import {cpus, loadavg} from 'node:os'
import {join} from 'node:path'
import {bigJobBench} from './big-job.js'
import {latencyBench} from './latency.js'
import {cleanupAll, cliSnapshot, ROOT} from './lib/harness.js'
import {Report} from './lib/report.js'
import {outputBench} from './output.js'
import {renderBench} from './render.js'
import {requestsBench} from './requests.js'
import {rolloutBench} from './rollout.js'
import {searchBench} from './search.js'
import {startupBench} from './startup.js'

const BENCHES: Record<string, (report: Report) => Promise<void>> = {
  startup: startupBench,
  'big-job': bigJobBench,
  latency: latencyBench,
  requests: requestsBench,
  output: outputBench,
  search: searchBench,
  render: renderBench,
  rollout: rolloutBench,
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((name) => !(name in BENCHES))
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}\n`)
    return 2
  }
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES)
  const report = new Report()
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`
  report.line(`pushy benchmarks — ${new Date().toISOString()} — ${machine}`)
  const snap = cliSnapshot() // the build just made, kept for the whole run
  report.line(`CLI under test: a copy of bin/ and dist/ at ${snap.root}`)
  const broken: string[] = []
  for (const name of names) {
    try {
      await BENCHES[name](report)
    } catch (error) {
      broken.push(name)
      report.line(`  BROKEN: ${name}: ${(error as Error).stack ?? error}`)
      report.figure({bench: name, figure: 'did not run to the end', target: '—', met: false})
    } finally {
      await cleanupAll()
    }
  }
  await cleanupAll(true)
  report.printTable()
  report.line(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end`)
  // Only a run of every benchmark replaces bench/results.md: a run of one (`bench/run.ts startup`)
  // once left it holding that one alone.
  if (wanted.length === 0) {
    report.save(join(ROOT, 'bench', 'results.md'), [
      '# pushy benchmark results',
      '',
      `Written by \`npm run bench\` (all benchmarks); overwritten by each full run. Machine: ${machine}.`,
      'Medians of interleaved runs; the machine is shared, so expect a few percent of noise.',
    ])
  } else {
    process.stderr.write('bench/results.md is left as it is: only a run of every benchmark rewrites it\n')
  }
  return broken.length > 0 ? 1 : 0
}

process.exitCode = await main().catch(async (error) => {
  await cleanupAll(true)
  process.stderr.write(`${(error as Error).stack ?? error}\n`)
  return 1
})
