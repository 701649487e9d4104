// Runs the built CLI the way a user does: a child process, its own HOME, a knife config.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {seedZeroKey} from './keys.js'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stdoutBytes: Buffer
  stderr: string
}

export interface RunOptions {
  home?: string
  cwd?: string
  env?: Record<string, string | undefined>
  /** send SIGINT once stderr contains this text */
  interruptWhen?: RegExp
  timeoutMs?: number
}

/** A fresh HOME with ~/.chef/config.rb pointing at `server` (knife style). */
export function makeHome(server?: {url: string; userName: string; keyPath: string}, extraConfig = ''): string {
  const home = mkdtempSync(join(tmpdir(), 'pushy-home-'))
  // where -z's local server keeps its key: a fixture, so that no test run generates one
  seedZeroKey(join(home, '.pushy', 'zero'))
  if (server) {
    mkdirSync(join(home, '.chef'))
    writeFileSync(
      join(home, '.chef', 'config.rb'),
      [
        '# written by the pushy tests, the way people write knife configs',
        'current_dir = File.dirname(__FILE__)',
        `chef_server_url "${server.url}"`,
        `node_name "${server.userName}"`,
        `client_key "${server.keyPath}"`,
        'log_level :info',
        'knife[:editor] = "vim"',
        extraConfig,
      ].join('\n') + '\n',
    )
  }

  return home
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const home = options.home ?? makeHome()
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries({...process.env, HOME: home, NO_COLOR: undefined, CHEF_PROFILE: undefined, PUSHY_ZERO_STATE_DIR: join(home, '.pushy', 'zero'), ...options.env})) {
    if (value !== undefined) env[key] = value
  }

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd ?? home, env, stdio: ['ignore', 'pipe', 'pipe']})
    const out: Buffer[] = []
    let stderr = ''
    let interrupted = false
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
      if (options.interruptWhen && !interrupted && options.interruptWhen.test(stderr)) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const stdoutBytes = Buffer.concat(out)
      resolve({code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr})
    })
  })
}
