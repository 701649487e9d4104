// Runs a pushy command inside the test process, from the TypeScript sources, with buffers for
// stdout/stderr/stdin and an interrupt the test triggers itself (runtime.ts withRuntime). No
// build, no child process: a command costs milliseconds instead of a Node start-up. Use spawned
// processes (cli.ts) only for what needs a real process: signals, exit, TTYs, bin/run.js itself.
import {Config, Errors} from '@oclif/core'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {format} from 'node:util'
import {fileURLToPath} from 'node:url'
import PushyHelp from '../../src/help.js'
import type {Io} from '../../src/lib/cli/io.js'
import {withRuntime, type Runtime} from '../../src/lib/cli/runtime.js'
import {makeHome, runCli, type CliResult, type RunOptions} from './cli.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface InProcessResult {
  code: number
  stdout: string
  stdoutBytes: Buffer
  stderr: string
}

export interface InProcessOptions {
  /** HOME (its ~/.chef/config.rb is read as a user's would be); also the working directory */
  home: string
  env?: Record<string, string | undefined>
  /** what the command reads on stdin */
  stdin?: string
  /** Ctrl-C once stderr matches */
  interruptWhen?: RegExp
}

let config: Promise<Config> | undefined

// The help and autocomplete plugins serve only --help and completion (as in bin/run.js).
const loadConfig = (): Promise<Config> => {
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  config ??= Config.load({root: ROOT, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}})
  return config
}

/**
 * What `pushy WORDS --help` prints, rendered in-process by pushy's help class from the built
 * manifest, with the help and autocomplete plugins loaded as bin/run.js loads them for --help.
 * (first-hour.test.ts still asks the built CLI, so the way a help flag reaches this is tested.)
 * A fresh Config each time: oclif's help changes the one it renders (after `node --help`, the
 * root help listed `node status`), and loading one takes milliseconds.
 */
export async function helpText(words: string[]): Promise<string> {
  const config = await Config.load({root: ROOT})
  let text = ''
  class CapturedHelp extends PushyHelp {
    protected override log(...args: string[]): void {
      text += `${format(...args)}\n`
    }
  }
  await new CapturedHelp(config).showHelp([...words, '--help'])
  return text
}

/** `pushy job start …` → runPushy(['job', 'start', …]): the command's exit code and output. */
export async function runPushy(argv: string[], options: InProcessOptions): Promise<InProcessResult> {
  const words = [argv[0], argv[1]]
  const file = join(ROOT, 'src', 'commands', ...words.filter((w) => w && !w.startsWith('-'))) + '.ts'
  const module = (await import(file)) as {default: new (argv: string[], config: Config) => {id?: string; _run(): Promise<unknown>}}
  const rest = argv.slice(words.filter((w) => w && !w.startsWith('-')).length)

  const out: Buffer[] = []
  let stderr = ''
  const handlers = new Set<(signal: string) => void>()
  const interrupt = (): void => {
    for (const handler of [...handlers]) handler('SIGINT')
  }
  let interrupted = false
  const io: Io = {
    out: (text) => out.push(Buffer.from(text)),
    err: (text) => {
      stderr += text
      if (options.interruptWhen && !interrupted && options.interruptWhen.test(stderr)) {
        interrupted = true
        // after the write, as a terminal's Ctrl-C would arrive
        setImmediate(interrupt)
      }
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    stderrColor: false,
  }
  const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: options.home, PUSHY_ZERO_STATE_DIR: join(options.home, '.pushy', 'zero')}
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value
  const runtime: Runtime = {
    env,
    cwd: options.home,
    home: options.home,
    io: () => io,
    stdin: () => Readable.from([Buffer.from(options.stdin ?? '')]),
    onInterrupt(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
  }

  const loaded = await loadConfig()
  let code: number
  try {
    code = await withRuntime(runtime, async () => {
      const command = new module.default(rest, loaded)
      command.id = words.join(':')
      const result = await command._run()
      return typeof result === 'number' ? result : 0
    })
  } catch (error) {
    if (!(error instanceof Errors.ExitError)) throw error
    code = error.oclif.exit ?? 1
  }
  const stdoutBytes = Buffer.concat(out)
  return {code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr}
}

/**
 * The e2e tests' runner: a command in-process when that shows everything the test checks (a
 * pushy command, its output, its exit code), else the built CLI in a child process — for an
 * unknown command (oclif's not-found hook), `--help`, `--version`, or `spawn: true` (signals, a
 * real exit, bin/run.js itself).
 */
export async function runFast(args: string[], options: RunOptions & {spawn?: boolean} = {}): Promise<CliResult> {
  const words = args.filter((arg) => !arg.startsWith('-')).slice(0, 2)
  const known = words.length > 0 && (existsSync(commandFile(words)) || existsSync(commandFile(words.slice(0, 1))))
  const needsProcess = options.spawn || !known || args.some((arg) => ['--help', '-h', '--version', '-v'].includes(arg)) || options.cwd !== undefined
  if (needsProcess) return runCli(args, options)
  const home = options.home ?? makeHome()
  const result = await runPushy(args, {home, env: {NO_COLOR: undefined, ...options.env}, interruptWhen: options.interruptWhen})
  return {...result, signal: null}
}

const commandFile = (words: string[]): string => join(ROOT, 'src', 'commands', ...words) + '.ts'
