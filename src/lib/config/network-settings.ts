// rest_timeout and the proxy settings, resolved from what config.rb / credentials set and, for
// the proxies, the environment (https_proxy/HTTPS_PROXY, http_proxy/HTTP_PROXY, no_proxy/NO_PROXY,
// lower case first, as Chef and curl read them). A value from config.rb wins over the environment.
import {usageError} from '../errors.js'
import {parseProxyUrl} from './proxy.js'
import {describe} from './ruby-values.js'
import type {ProxySettings, SettingSource} from './types.js'

/** One setting's winning value from config.rb, credentials or a flag, and how to name its place. */
export interface FoundSetting {
  value: unknown
  source: SettingSource
  where: string
}

export const NETWORK_SETTINGS = ['rest_timeout', 'http_proxy', 'https_proxy', 'no_proxy', 'http_proxy_user', 'http_proxy_pass', 'https_proxy_user', 'https_proxy_pass'] as const
type NetworkSetting = (typeof NETWORK_SETTINGS)[number]

/** chef-config's default :rest_timeout. */
export const DEFAULT_REST_TIMEOUT_SECONDS = 300

const PROXY_FIELDS: Array<[Exclude<NetworkSetting, 'rest_timeout'>, keyof ProxySettings]> = [
  ['http_proxy', 'httpProxy'], ['https_proxy', 'httpsProxy'], ['no_proxy', 'noProxy'],
  ['http_proxy_user', 'httpProxyUser'], ['http_proxy_pass', 'httpProxyPass'],
  ['https_proxy_user', 'httpsProxyUser'], ['https_proxy_pass', 'httpsProxyPass'],
]

// The settings the environment can also give, by variable name in the order they are looked up.
const FROM_ENV: Partial<Record<NetworkSetting, string[]>> = {
  https_proxy: ['https_proxy', 'HTTPS_PROXY'],
  http_proxy: ['http_proxy', 'HTTP_PROXY'],
  no_proxy: ['no_proxy', 'NO_PROXY'],
}

export function restTimeoutSeconds(entry: FoundSetting | undefined, sources: Record<string, SettingSource>): number {
  if (entry === undefined || entry.value === null) return DEFAULT_REST_TIMEOUT_SECONDS
  if (typeof entry.value !== 'number' || !Number.isFinite(entry.value) || entry.value <= 0) {
    throw usageError(`${entry.where}: rest_timeout must be a number of seconds above 0, not ${describe(entry.value)}`, 'write it as `rest_timeout 300`')
  }

  sources.restTimeoutSeconds = entry.source
  return entry.value
}

export function proxySettings(found: (setting: NetworkSetting) => FoundSetting | undefined, env: NodeJS.ProcessEnv, sources: Record<string, SettingSource>): ProxySettings {
  const proxy: ProxySettings = {}
  for (const [setting, field] of PROXY_FIELDS) {
    const chosen = configured(setting, found(setting)) ?? fromEnv(FROM_ENV[setting] ?? [], env)
    if (chosen === undefined) continue
    if (setting === 'http_proxy' || setting === 'https_proxy') {
      const url = parseProxyUrl(chosen.value)
      if (!(url instanceof URL)) throw usageError(`${chosen.where}: ${setting} ${url.problem}`, 'write it as http://proxy.example.com:3128 (credentials may go in http_proxy_user and http_proxy_pass)')
    }

    proxy[field] = chosen.value
    sources[`proxy.${field}`] = chosen.source
  }

  return proxy
}

/** A proxy setting from config.rb or credentials; nil or blank counts as not set. */
function configured(setting: NetworkSetting, entry: FoundSetting | undefined): {value: string; where: string; source: SettingSource} | undefined {
  if (entry === undefined || entry.value === null) return undefined
  if (typeof entry.value !== 'string') throw usageError(`${entry.where}: ${setting} must be a string, not ${describe(entry.value)}`)
  const value = setting.endsWith('_pass') ? entry.value : entry.value.trim()
  return value === '' ? undefined : {value, where: entry.where, source: entry.source}
}

/** The first of the variables that is set and not blank (chef-config strips them too). */
function fromEnv(variables: string[], env: NodeJS.ProcessEnv): {value: string; where: string; source: SettingSource} | undefined {
  for (const variable of variables) {
    const value = env[variable]?.trim()
    if (value) return {value, where: `the environment variable ${variable}`, source: {kind: 'env', variable}}
  }

  return undefined
}
