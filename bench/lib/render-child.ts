// Run by bench/render.ts in a process of its own (so its peak RSS is this work's alone); prints
// one JSON line of figures. `junit`: -F junit for a 50,000-node job. `live-view`: the live view of
// a 10,000-node job left idle between events, redrawn by its real timer.
import {closeSync, openSync, writeSync} from 'node:fs'
import type {Io} from '../../src/lib/cli/io.js'
import {progressReporter} from '../../src/lib/cli/progress.js'
import {NODE_STATUSES, type Job, type NodeStatus} from '../../src/lib/api/types.js'
import {renderJunit} from '../../src/lib/render/junit.js'

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}
const rssMb = (): number => process.resourceUsage().maxRSS / 1024

function junit(): Record<string, number> {
  const nodes = Array.from({length: 50_000}, (_, i) => `node-${String(i).padStart(5, '0')}.example.com`)
  const job: Job = {
    id: 'a'.repeat(32),
    command: 'chef-client',
    status: 'complete',
    run_timeout: 3600,
    created_at: 'Tue, 04 Sep 2012 23:01:02 GMT',
    updated_at: 'Tue, 04 Sep 2012 23:11:02 GMT',
    // a few of every state; most succeeded
    nodes: {succeeded: nodes.slice(0, 45_000), failed: nodes.slice(45_000, 47_000), crashed: nodes.slice(47_000, 48_000), nacked: nodes.slice(48_000, 49_000), unavailable: nodes.slice(49_000)},
  }
  const outputs = new Map([[job.id, new Map(nodes.map((n) => [n, {stdout: `Starting Chef Infra Client\nConverging 12 resources\n\u001B[32mChef Infra Client finished\u001B[0m\n`, stderr: ''}]))]])
  const before = rssMb()
  const start = process.cpuUsage()
  const xml = renderJunit([job], {strict: false, outputs})
  const cpu = cpuSeconds(start)
  const out = openSync('/dev/null', 'w')
  writeSync(out, xml)
  closeSync(out)
  return {cpuS: cpu, rssBeforeMb: before, peakRssMb: rssMb(), bytes: xml.length}
}

async function liveView(): Promise<Record<string, number>> {
  const NODES = 10_000
  const IDLE_MS = 3000
  const sink = openSync('/dev/null', 'w')
  let written = 0
  let writes = 0
  const io: Io = {
    out: () => undefined,
    err: (text) => {
      writes++
      written += writeSync(sink, text)
    },
    stdoutIsTTY: true,
    stderrIsTTY: true,
    color: true,
    stderrColor: true,
    columns: 120,
    rows: 40,
  }
  const names = Array.from({length: NODES}, (_, i) => `node-${i}`)
  const progress = progressReporter(io, {mode: 'live', verbose: false, nodes: names})
  progress.begin('Started.  Job ID: x')
  const counts = Object.fromEntries(NODE_STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>
  counts.running = NODES
  progress.update({jobId: 'x', status: 'running', counts, total: NODES, transitions: names.map((node) => ({node, from: 'new', to: 'running'})), elapsedMs: 10, via: 'feed'})
  const start = process.cpuUsage()
  const wallStart = performance.now()
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
  const cpu = cpuSeconds(start)
  const wall = (performance.now() - wallStart) / 1000
  progress.stop()
  closeSync(sink)
  return {cpuS: cpu, wallS: wall, corePercent: (100 * cpu) / wall, frames: writes, bytes: written}
}

const which = process.argv[2]
const figures = which === 'junit' ? junit() : which === 'live-view' ? await liveView() : undefined
if (!figures) throw new Error(`render-child: unknown ${which}`)
process.stdout.write(`${JSON.stringify(figures)}\n`)
