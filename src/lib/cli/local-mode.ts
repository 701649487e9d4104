import {homedir} from 'node:os'
import {join} from 'node:path'
import type {Settings} from '../config/types.js'
import {readServerInfo} from '../zero/state-dir.js'
import {parseSeconds} from './seconds.js'
import type {ZeroServerOptions, ZeroTimings} from '../zero/types.js'

/** Where local mode keeps jobs and keys; `pushy zero --state-dir` and PUSHY_ZERO_STATE_DIR move it. */
export const defaultStateDir = (env: NodeJS.ProcessEnv): string => env.PUSHY_ZERO_STATE_DIR || join(homedir(), '.pushy', 'zero')

/** Server timings from the environment (seconds), so scripts and tests can shorten them. */
export function timingsFromEnv(env: NodeJS.ProcessEnv): Partial<ZeroTimings> {
  const seconds = (name: string): number | undefined => {
    const value = env[name]
    return value === undefined || value === '' ? undefined : parseSeconds(name, value, {allowZero: true})
  }

  const timings: Partial<ZeroTimings> = {
    votingTimeoutMs: seconds('PUSHY_ZERO_VOTING_TIMEOUT'),
    keepaliveMs: seconds('PUSHY_ZERO_KEEPALIVE'),
    completeWaitMs: seconds('PUSHY_ZERO_COMPLETE_WAIT'),
  }
  return Object.fromEntries(Object.entries(timings).filter(([, v]) => v !== undefined))
}

export function zeroOptionsFromEnv(env: NodeJS.ProcessEnv): ZeroServerOptions {
  return {
    stateDir: defaultStateDir(env),
    fleet: env.PUSHY_ZERO_FLEET || undefined,
    timings: timingsFromEnv(env),
    pushVersion: env.PUSHY_ZERO_PUSH_VERSION === '1' ? 1 : 2,
  }
}

export const localSettings = (url: string, userName: string, keyPath: string): Settings => ({
  chefServerUrl: url,
  nodeName: userName,
  clientKey: {path: keyPath},
  sslVerifyMode: 'verify_peer',
  authenticationProtocolVersion: '1.1',
  sources: {chef_server_url: {kind: 'local-mode'}},
})

/**
 * Settings for `-z`: attach to a running `pushy zero` on the same state directory, or start the
 * local server inside this process for the duration of the command (as knife -z does chef-zero).
 */
export async function openLocalMode(env: NodeJS.ProcessEnv): Promise<{settings: Settings; close: () => Promise<void>; inProcess: boolean}> {
  const options = zeroOptionsFromEnv(env)
  // a `pushy zero` already serving this state directory, so `-z` commands share its jobs live
  const running = readServerInfo(options.stateDir)
  if (running) return {settings: localSettings(running.url, running.userName, running.keyPath), close: async () => {}, inProcess: false}
  const {startZeroServer} = await import('../zero/server.js')
  const server = await startZeroServer({...options, port: 0})
  return {settings: localSettings(server.url, server.userName, server.keyPath), close: () => server.close(), inProcess: true}
}
