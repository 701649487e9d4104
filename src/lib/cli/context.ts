import type {Settings} from '../config/types.js'
import type {ChefClient} from '../http/types.js'
import type {Io} from './io.js'
import type {Runtime} from './runtime.js'

export interface ServerFlagValues {
  'server-url'?: string
  user?: string
  key?: string
  config?: string
  profile?: string
  'local-mode'?: boolean
  verbose?: boolean
  /** milliseconds (the flag takes seconds) */
  'request-timeout'?: number
}

export interface CommandContext {
  client: ChefClient
  settings: Settings
  /** -z with no `pushy zero` running: the local server lives only as long as this command */
  localServerStopsWithCommand: boolean
}

export interface OpenContextInput {
  flags: ServerFlagValues
  io: Io
  runtime: Runtime
  /** Ctrl-C: aborts requests in flight */
  signal: AbortSignal
  onCleanup: (fn: () => Promise<void>) => void
}

/** knife's own default for rest_timeout */
const CHEF_REST_TIMEOUT_MS = 300_000

/**
 * Settings (flags, credentials, knife config — or local mode) and a signed client. Heavy modules
 * are imported here, not at the top of command files, so `--help` and completion stay fast.
 */
export async function openContext({flags, io, runtime, signal, onCleanup}: OpenContextInput): Promise<CommandContext> {
  let settings: Settings
  let localServerStopsWithCommand = false
  if (flags['local-mode']) {
    const {openLocalMode} = await import('./local-mode.js')
    const local = await openLocalMode(runtime.env)
    onCleanup(local.close)
    settings = local.settings
    localServerStopsWithCommand = local.inProcess
  } else {
    const {resolveSettings} = await import('../config/load.js')
    settings = resolveSettings({
      flags: {serverUrl: flags['server-url'], user: flags.user, key: flags.key, config: flags.config, profile: flags.profile},
      env: runtime.env,
      cwd: runtime.cwd,
      home: runtime.home,
    })
  }

  if (flags.verbose) for (const note of settings.notes ?? []) io.err(`${note}\n`)

  const {createChefClient} = await import('../http/client.js')
  const client = createChefClient({
    settings,
    verbose: flags.verbose ? (line) => io.err(`${line}\n`) : undefined,
    warn: (line) => io.err(`Warning: ${line}\n`),
    timeoutMs: flags['request-timeout'] ?? (settings.restTimeoutSeconds === undefined ? CHEF_REST_TIMEOUT_MS : settings.restTimeoutSeconds * 1000),
    signal,
  })
  return {client, settings, localServerStopsWithCommand}
}

/** What a command hands the function that does its work (PushyCommand.session). */
export interface CommandSession {
  io: Io
  verbose: boolean
  /** Ctrl-C */
  interrupted: AbortSignal
  runtime: Runtime
  /** opened on first use, closed when the command ends */
  context(): Promise<CommandContext>
}
