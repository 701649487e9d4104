import {homedir} from 'node:os'
import type {Settings} from '../config/types.js'
import type {ChefClient} from '../http/types.js'
import type {Io} from './io.js'

export interface ServerFlagValues {
  'server-url'?: string
  user?: string
  key?: string
  config?: string
  profile?: string
  'local-mode'?: boolean
  verbose?: boolean
}

export interface CommandContext {
  client: ChefClient
  settings: Settings
}

/**
 * Settings (flags, credentials, knife config — or local mode) and a signed client. Heavy modules
 * are imported here, not at the top of command files, so `--help` and completion stay fast.
 */
export async function openContext(flags: ServerFlagValues, io: Io, onCleanup: (fn: () => Promise<void>) => void): Promise<CommandContext> {
  let settings: Settings
  if (flags['local-mode']) {
    const {openLocalMode} = await import('./local-mode.js')
    const local = await openLocalMode(process.env)
    onCleanup(local.close)
    settings = local.settings
  } else {
    const {resolveSettings} = await import('../config/load.js')
    settings = resolveSettings({
      flags: {serverUrl: flags['server-url'], user: flags.user, key: flags.key, config: flags.config, profile: flags.profile},
      env: process.env,
      cwd: process.cwd(),
      home: process.env.HOME || homedir(),
    })
  }

  if (flags.verbose) for (const note of settings.notes ?? []) io.err(`${note}\n`)

  const {createChefClient} = await import('../http/client.js')
  const client = createChefClient({
    settings,
    verbose: flags.verbose ? (line) => io.err(`${line}\n`) : undefined,
    warn: (line) => io.err(`Warning: ${line}\n`),
  })
  return {client, settings}
}
