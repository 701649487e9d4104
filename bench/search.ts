// 6. Local-mode search over a 10,000-node fleet, in process: how long one query takes once the
// fleet is indexed (the server indexes on the first search), and that first search itself.
import {performance} from 'node:perf_hooks'
import {nodeObject} from '../src/lib/zero/engine/search.js'
import {NodeIndex} from '../src/lib/zero/search/index.js'
import type {FleetNode} from '../src/lib/zero/types.js'
import type {Report} from './lib/report.js'
import {fixed, median} from './lib/stats.js'

const NODES = 10_000
const RUNS = 20
const TARGET_MS = 50

const QUERIES = ['role:app', 'name:app-0999*', 'role:app AND chef_environment:production AND NOT platform:debian', 'memory_mb:[4096 TO *]', 'kernel:machine', 'description:"primary app"', '*:*']

function fleetNode(i: number): FleetNode {
  const name = `app-${String(i).padStart(5, '0')}`
  return {
    name,
    runList: [i % 10 === 0 ? 'role[db]' : 'role[app]', 'recipe[base]'],
    chefEnvironment: i % 3 === 0 ? 'staging' : 'production',
    attributes: {
      platform: i % 2 === 0 ? 'ubuntu' : 'debian',
      hostname: name,
      ipaddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      memory_mb: 1024 * (1 + (i % 16)),
      kernel: {machine: 'x86_64', release: '6.1.0'},
      tags: ['fleet', `rack-${i % 40}`],
      description: i % 2 === 0 ? 'primary app server' : 'spare',
    },
    whitelist: {},
    online: true,
    vote: 'ack',
    run: 'succeed',
    delayMs: 0,
    exec: false,
  }
}

export async function searchBench(report: Report): Promise<void> {
  report.heading(`7. search of a ${NODES.toLocaleString('en')}-node fleet (in process; median of ${RUNS} per query)`)
  const nodes = Array.from({length: NODES}, (_, i) => nodeObject(fleetNode(i + 1)))
  const index = new NodeIndex(() => nodes)
  let started = performance.now()
  index.search({q: 'role:app'})
  const firstMs = performance.now() - started
  report.line(`  first search (indexes the fleet): ${fixed(firstMs, 0)} ms`)
  const medians: number[] = []
  for (const q of QUERIES) {
    const times: number[] = []
    let total = 0
    for (let i = 0; i < RUNS; i++) {
      started = performance.now()
      total = index.search({q, rows: '1000'}).total
      times.push(performance.now() - started)
    }

    medians.push(median(times))
    report.line(`  ${q}: ${fixed(median(times), 2)} ms (${total} matches)`)
  }

  const worst = Math.max(...medians)
  report.figure({bench: 'search, 10,000 nodes: one query', figure: `${fixed(worst, 1)} ms (slowest of ${QUERIES.length} queries, median)`, target: `< ${TARGET_MS} ms`, met: worst < TARGET_MS})
  report.figure({bench: 'search, 10,000 nodes: first query', figure: `${fixed(firstMs, 0)} ms (indexes the fleet)`, target: '— (informational)'})
}
