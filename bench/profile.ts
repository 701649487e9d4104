// Profiles one large job's CLI process (node --cpu-prof) and prints the top self-time functions.
// usage: node --import tsx bench/profile.ts [NODES] [OUT_DIR]
import {mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {cleanupAll, cliSnapshot, generatedFleet, runNode, serverArgs, startServer, tempDir} from './lib/harness.js'

interface ProfileNode {
  id: number
  callFrame: {functionName: string; url: string; lineNumber: number}
  children?: number[]
}

const size = Number(process.argv[2] ?? 10_000)
try {
  const dir = process.argv[3] ?? tempDir('pushy-bench-prof-')
  mkdirSync(dir, {recursive: true})
  const server = await startServer({fleetYaml: generatedFleet(size, 20)})
  const run = await runNode(['--cpu-prof', '--cpu-prof-dir', dir, cliSnapshot().bin, 'job', 'start', 'chef-client', '--search', 'role:app', ...serverArgs(server)], {time: true})
  process.stdout.write(`exit ${run.code}, CPU ${((run.userS ?? 0) + (run.sysS ?? 0)).toFixed(2)} s, RSS ${((run.maxRssKb ?? 0) / 1024).toFixed(0)} MB\n`)
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error('no profile written')
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]}
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const byFrame = new Map<string, number>()
  for (const node of profile.nodes) {
    const {functionName, url, lineNumber} = node.callFrame
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`
    byFrame.set(key, (byFrame.get(key) ?? 0) + (self.get(node.id) ?? 0))
  }
  const total = [...byFrame.values()].reduce((a, b) => a + b, 0)
  for (const [key, us] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    process.stdout.write(`${(us / 1000).toFixed(0).padStart(6)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`)
  }
  process.stdout.write(`profile: ${join(dir, file)}\n`)
} finally {
  await cleanupAll(true)
}
