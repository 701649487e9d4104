// Shared pieces of the end-to-end suite: a zero server plus a HOME pointing at it, the built CLI
// run as a child process, and an independent rendering of knife's summary format to compare stdout with. Not a test file itself.
import assert from 'node:assert/strict'
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, makeHome, type CliResult, type RunOptions} from '../helpers/cli.js'
import {runFast} from '../helpers/in-process.js'
import {nextKeyPair} from '../helpers/keys.js'
import {getJob, sleep, startTestServer, type TestServer, type TestServerOptions} from '../helpers/zero.js'

export {sleep}

export interface E2e {
  ts: TestServer
  home: string
  /** runs a pushy command with this HOME (its knife config points at ts): in-process unless it needs a process (helpers/in-process.ts runFast) */
  run(args: string[], options?: RunOptions & {spawn?: boolean}): Promise<CliResult>
  close(): Promise<void>
}

/** A HOME whose ~/.chef/config.rb points at `ts` (as its own user). */
export function homeFor(ts: TestServer): string {
  return makeHome({url: ts.server.url, userName: ts.userName, keyPath: ts.server.keyPath})
}

export async function e2eServer(options: TestServerOptions = {}): Promise<E2e> {
  const ts = await startTestServer(options)
  const home = homeFor(ts)
  return {
    ts,
    home,
    run: (args, runOptions = {}) => runFast(args, {home, ...runOptions}),
    close: () => ts.close(),
  }
}

/** The final job as the server has it (the CLI renders this). */
export const serverJob = (ts: TestServer, id: string): Promise<any> => getJob(ts, id)

// ---------------------------------------------------------------------------------------------
// knife's text formatter, written from the spec, not from pushy's code.

const isScalar = (value: unknown): boolean => value === null || value === undefined || (typeof value !== 'object')

export function knifeText(data: unknown): string {
  if (Array.isArray(data)) {
    let out = ''
    data.forEach((element, i) => {
      out += knifeText(element)
      if (!isScalar(element) && i < data.length - 1) out += '\n'
    })
    return out
  }
  if (isScalar(data)) return `${data ?? ''}\n`
  const hash = data as Record<string, unknown>
  const keys = Object.keys(hash).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const width = Math.max(0, ...keys.map((k) => k.length)) + 1
  let out = ''
  for (const key of keys) {
    let value = hash[key]
    if (Array.isArray(value) && value.length === 1 && isScalar(value[0])) value = value[0]
    if (isScalar(value)) {
      out += `${`${key}:`.padEnd(width)} ${value ?? ''}\n`
    } else {
      out += `${key}:\n`
      const inner = knifeText(value)
      if (inner !== '') for (const line of inner.replace(/\n$/, '').split('\n')) out += `  ${line}\n`
    }
  }
  return out
}

/** The job with every node list sorted by name (what the CLI must print). */
export function sortNodes(job: any): any {
  const nodes: Record<string, string[]> = {}
  for (const [state, names] of Object.entries((job.nodes ?? {}) as Record<string, string[]>)) nodes[state] = [...names].sort()
  return job.nodes === undefined ? job : {...job, nodes}
}

/** knife summary of the server's final job: what `job start`/`watch`/`status` print on stdout. */
export async function expectedSummary(ts: TestServer, id: string): Promise<string> {
  return knifeText(sortNodes(await serverJob(ts, id)))
}

// ---------------------------------------------------------------------------------------------
// stderr transcripts

export const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * knife's off-TTY transcript: `Started.  Job ID: ID`, maybe `Voting.`, `Running (x/N in progress) ...`
 * lines, then the final state capitalised; `after` is what may follow (verdict lines).
 */
export function transcriptRe(id: string, total: number, final: string, after = ''): RegExp {
  return new RegExp(
    `^Started\\.  Job ID: ${id}\\n(?:Voting\\.\\n)?(?:Running \\(\\d+/${total} in progress\\) \\.\\.\\.\\n)*${escapeRe(final)}\\n${after}$`,
  )
}

export function assertRunningCounts(stderr: string, total: number): void {
  for (const match of stderr.matchAll(/^Running \((\d+)\/(\d+) in progress\) \.\.\.$/gm)) {
    assert.equal(Number(match[2]), total, `total in ${match[0]}`)
    assert.ok(Number(match[1]) <= total, `in-progress count in ${match[0]}`)
  }
}

export const JOB_ID_LINE = /^Started\.  Job ID: ([0-9a-f]{32})$/m

export function startedId(stderr: string): string {
  const match = JOB_ID_LINE.exec(stderr)
  assert.ok(match, `no "Started.  Job ID:" line in stderr: ${stderr}`)
  return match[1]
}

/** One `Error: …` line (optionally followed by nothing else), as every error is. */
export function assertErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((line) => line !== '')
  const errors = lines.filter((line) => line.startsWith('Error: '))
  assert.equal(errors.length, 1, `exactly one "Error: " line expected in stderr: ${JSON.stringify(stderr)}`)
  assert.match(errors[0], pattern)
  assert.ok(!/\n\s+at .+:\d+:\d+\)?\n/.test(stderr), `no stack trace without --verbose: ${stderr}`)
  assert.ok(!stderr.includes('›'), `no oclif decoration: ${stderr}`)
}

export function assertExit(result: CliResult, code: number): void {
  assert.equal(result.code, code, `exit code ${result.code} (signal ${result.signal}), expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)
}

// ---------------------------------------------------------------------------------------------
// A CLI child we can watch and signal ourselves (feeds, Ctrl-C at a chosen moment).

export interface LiveCli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** resolves when the process ends */
  done: Promise<CliResult>
  waitFor(what: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<void>
  interrupt(): void
}

export function spawnCli(args: string[], options: {home: string; env?: Record<string, string | undefined>; timeoutMs?: number}): LiveCli {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries({...process.env, HOME: options.home, NO_COLOR: undefined, CHEF_PROFILE: undefined, PUSHY_ZERO_STATE_DIR: join(options.home, '.pushy', 'zero'), ...options.env})) {
    if (value !== undefined) env[key] = value
  }
  const child = spawn(process.execPath, [BIN, ...args], {cwd: options.home, env, stdio: ['ignore', 'pipe', 'pipe']})
  const out: Buffer[] = []
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk))
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8')
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const stdoutBytes = Buffer.concat(out)
      resolve({code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: err})
    })
  })
  const stdout = () => Buffer.concat(out).toString('utf8')
  return {
    child,
    stdout,
    stderr: () => err,
    done,
    async waitFor(what, pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (!pattern.test(what === 'stdout' ? stdout() : err)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`CLI ended before ${what} matched ${pattern}: stdout ${JSON.stringify(stdout())} stderr ${JSON.stringify(err)}`)
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} to match ${pattern}: stdout ${JSON.stringify(stdout())} stderr ${JSON.stringify(err)}`)
        await sleep(20)
      }
    },
    interrupt: () => child.kill('SIGINT'),
  }
}

// ---------------------------------------------------------------------------------------------
// keys

/** A key pair as PEM (private PKCS#1, public SPKI) that no other call in this process got. */
export const keyPairPem = nextKeyPair

/** A HOME that signs as `user` with `privatePem` against `ts`. */
export function homeAs(ts: TestServer, user: string, privatePem: string): string {
  const home = makeHome()
  mkdirSync(join(home, '.chef'))
  const keyPath = join(home, '.chef', `${user}.pem`)
  writeFileSync(keyPath, privatePem, {mode: 0o600})
  writeFileSync(join(home, '.chef', 'config.rb'), `current_dir = File.dirname(__FILE__)\nchef_server_url "${ts.server.url}"\nnode_name "${user}"\nclient_key "#{current_dir}/${user}.pem"\n`)
  return home
}
