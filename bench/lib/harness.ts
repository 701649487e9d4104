// Shared plumbing: a private snapshot of the built CLI, the server process, and running the CLI
// under /usr/bin/time so its own CPU time and peak RSS are measured (never the server's).
import {fork, spawn, type ChildProcess} from 'node:child_process'
import {closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..')
/** wall-clock milliseconds with sub-ms precision, comparable with the server process's */
export const wallNow = (): number => performance.timeOrigin + performance.now()
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const cleanups: Array<() => void | Promise<void>> = []
const finalCleanups: Array<() => void | Promise<void>> = []
/** Runs at the end of each benchmark, failure or not. */
export const atCleanup = (fn: () => void | Promise<void>): void => void cleanups.push(fn)
/** Each benchmark's clean-ups; `final` also removes what the whole run shares (the CLI snapshot). */
export async function cleanupAll(final = false): Promise<void> {
  const list = [...cleanups.splice(0), ...(final ? finalCleanups.splice(0) : [])]
  for (const fn of list.reverse()) {
    try {
      await fn()
    } catch {
      // keep cleaning
    }
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  atCleanup(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}

/**
 * Other engineers rebuild dist/ in the same checkout while the bench runs; a copy of what
 * `npm run build` just made (bin, dist, package.json, manifest; node_modules linked) keeps every
 * run measuring the same build.
 */
export interface Snapshot {
  root: string
  bin: string
  dist: string
  /** HOME for CLI runs: empty, so no ~/.chef config of the machine is read */
  home: string
}

let snapshot: Snapshot | undefined
export function cliSnapshot(): Snapshot {
  if (snapshot) return snapshot
  if (!existsSync(join(ROOT, 'dist', 'commands', 'job'))) throw new Error('dist/ is missing (someone rebuilding?): run `npm run build` (npm run bench does)')
  const root = mkdtempSync(join(tmpdir(), 'pushy-bench-cli-'))
  finalCleanups.push(() => {
    rmSync(root, {recursive: true, force: true})
    snapshot = undefined
  })
  for (const entry of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) cpSync(join(ROOT, entry), join(root, entry), {recursive: true})
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  const home = join(root, 'home')
  mkdirSync(home)
  snapshot = {root, bin: join(root, 'bin', 'run.js'), dist: join(root, 'dist'), home}
  return snapshot
}

export interface ServerHandle {
  url: string
  keyPath: string
  userName: string
  port: number
  stateDir: string
  /** the server's instrumentation since the last reset */
  stats(reset?: boolean): Promise<ServerStats>
  close(): Promise<void>
}

export interface LoggedRequest {
  method: string
  url: string
  /** wall ms */
  start: number
  end: number
}

export interface ServerStats {
  requests: LoggedRequest[]
  /** most requests the server was handling at one moment */
  inFlightMax: number
  /** most connections open at once: the requests a client had outstanding */
  connectionsMax: number
  /** wall ms each live job_complete was written, with the feed's URL */
  completes: Array<{at: number; url: string}>
}

export interface ServerOptions {
  /** fleet YAML text */
  fleetYaml: string
  timings?: Record<string, number>
}

/** Starts zero in its own process on 127.0.0.1:0 with the fleet; killed at cleanup in any case. */
export async function startServer(options: ServerOptions): Promise<ServerHandle> {
  const snap = cliSnapshot()
  const dir = tempDir('pushy-bench-zero-')
  const fleet = join(dir, 'fleet.yml')
  writeFileSync(fleet, options.fleetYaml)
  const stateDir = join(dir, 'state')
  const args = JSON.stringify({dist: snap.dist, stateDir, fleet, timings: options.timings ?? {}})
  const child: ChildProcess = fork(join(import.meta.dirname, 'zero-proc.mjs'), [args], {stdio: ['ignore', 'ignore', 'inherit', 'ipc']})
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  atCleanup(kill)
  const ready = await new Promise<{url: string; keyPath: string; userName: string; port: number}>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 60 s')), 60_000)
    child.once('message', (m: any) => {
      clearTimeout(timer)
      resolve(m)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bench server exited with ${code} before it was ready`))
    })
  })
  let closed = false
  return {
    ...ready,
    stateDir,
    stats(reset = false) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('bench server did not answer stats')), 30_000)
        child.once('message', (m: any) => {
          clearTimeout(timer)
          resolve(m as ServerStats)
        })
        child.send({type: 'stats', reset})
      })
    },
    async close() {
      if (closed) return
      closed = true
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      if (child.connected) child.send({type: 'close'})
      const timer = setTimeout(kill, 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  /** spawn → exit, ms (includes process creation) */
  wallMs: number
  /** wall ms when the bench saw the process exit */
  exitedAt: number
  /** from /usr/bin/time, when measured */
  userS?: number
  sysS?: number
  maxRssKb?: number
}

export interface CliOptions {
  /** measure CPU and peak RSS with /usr/bin/time (adds a tiny exec) */
  time?: boolean
  env?: Record<string, string>
  timeoutMs?: number
  /**
   * stdout to a file instead of a pipe. pushy exits (process.exit) without waiting for stdout to
   * drain, so a large result written to a pipe is cut short; a file is written synchronously.
   */
  stdoutToFile?: boolean
}

/** The flags that point the CLI at a server, as a knife config would. */
export const serverArgs = (server: ServerHandle): string[] => ['--server-url', server.url, '-u', server.userName, '-k', server.keyPath]

/** Runs `node ARGS` (the CLI or a floor script), bounded by a timeout. */
export function runNode(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const snap = cliSnapshot()
  const timeFile = options.time ? join(snap.root, `time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`) : undefined
  const [cmd, cmdArgs] = timeFile ? ['/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', process.execPath, ...args]] : [process.execPath, args]
  const outFile = options.stdoutToFile ? join(snap.root, `out-${process.pid}-${Math.random().toString(36).slice(2)}.txt`) : undefined
  const outFd = outFile ? openSync(outFile, 'w') : undefined
  const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: snap.home, NO_COLOR: '1', ...options.env}
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(cmd, cmdArgs as string[], {env, stdio: ['ignore', outFd ?? 'pipe', 'pipe'], cwd: snap.home})
    const out: Buffer[] = []
    const err: Buffer[] = []
    if (outFd !== undefined) closeSync(outFd)
    child.stdout?.on('data', (b: Buffer) => out.push(b))
    child.stderr?.on('data', (b: Buffer) => err.push(b))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000)
    child.once('error', reject)
    child.once('exit', (code) => {
      const exitedAt = wallNow()
      const wallMs = performance.now() - started
      clearTimeout(timer)
      child.once('close', () => {
        const stdout = outFile ? readFileSync(outFile, 'utf8') : Buffer.concat(out).toString()
        if (outFile) rmSync(outFile, {force: true})
        const run: CliRun = {code, stdout, stderr: Buffer.concat(err).toString(), wallMs, exitedAt}
        if (timeFile && existsSync(timeFile)) {
          const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? ''
          const [u, s, m] = line.split(' ').map(Number)
          Object.assign(run, {userS: u, sysS: s, maxRssKb: m})
          rmSync(timeFile, {force: true})
        }
        resolve(run)
      })
    })
  })
}

/** Runs the snapshot's pushy with ARGS. */
export const runCli = (args: string[], options: CliOptions = {}): Promise<CliRun> => runNode([cliSnapshot().bin, ...args], options)

/** Throws (the bench is broken, not slow) when a run did not exit as expected. */
export function expectExit(run: CliRun, codes: number[], what: string): void {
  if (run.code === null || !codes.includes(run.code)) {
    throw new Error(`${what}: exit ${run.code}, wanted ${codes.join('/')}\n--- stderr ---\n${run.stderr.slice(-2000)}\n--- stdout ---\n${run.stdout.slice(-1000)}`)
  }
}

/** A fleet YAML of `count` simulated nodes (role[app]) that ack and succeed after delayMs. */
export const generatedFleet = (count: number, delayMs: number, extra = ''): string =>
  `generate:\n  - {prefix: app-, count: ${count}, run_list: ["role[app]"], exec: false, delay_ms: ${delayMs}, whitelist: {chef-client: "true"}}\n${extra}`
