// 6. Renderers at scale, each in a process of its own: `-F junit` for a 50,000-node job (CPU of
// the rendering and the process's peak RSS, tsx's own memory included, so an upper bound), and the
// live view of a 10,000-node job while idle between events (share of one core over 3 s).
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {ROOT} from './lib/harness.js'
import type {Report} from './lib/report.js'
import {fixed, median} from './lib/stats.js'

const RUNS = 3

function child(which: string): Record<string, number> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'lib', 'render-child.ts'), which], {cwd: ROOT, encoding: 'utf8'})
  if (run.status !== 0) throw new Error(`render-child ${which} exited ${run.status}: ${run.stderr}`)
  return JSON.parse(run.stdout) as Record<string, number>
}

export async function renderBench(report: Report): Promise<void> {
  report.heading(`6. renderers at scale (median of ${RUNS})`)
  const junit = Array.from({length: RUNS}, () => child('junit'))
  for (const [i, r] of junit.entries()) report.line(`  junit run ${i + 1}: ${fixed(r.cpuS, 3)} s CPU, peak RSS ${fixed(r.peakRssMb, 0)} MB (${fixed(r.rssBeforeMb, 0)} MB before), ${fixed(r.bytes / 1e6, 1)} MB of XML`)
  const cpu = median(junit.map((r) => r.cpuS))
  const rss = median(junit.map((r) => r.peakRssMb))
  report.figure({bench: '-F junit, 50,000 nodes: CPU', figure: `${fixed(cpu, 2)} s (rendering)`, target: '< 1 s', met: cpu < 1})
  report.figure({bench: '-F junit, 50,000 nodes: peak RSS', figure: `${fixed(rss, 0)} MB (whole process)`, target: '< 200 MB', met: rss < 200})

  const live = Array.from({length: RUNS}, () => child('live-view'))
  for (const [i, r] of live.entries()) report.line(`  live view run ${i + 1}: ${fixed(r.cpuS, 3)} s CPU in ${fixed(r.wallS, 2)} s idle, ${r.frames} writes, ${fixed(r.bytes / 1024, 0)} KB`)
  const share = median(live.map((r) => r.corePercent))
  report.figure({bench: 'live view, 10,000 nodes, idle', figure: `${fixed(share, 2)} % of one core`, target: '< 5 %', met: share < 5})
}
