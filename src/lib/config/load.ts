// Resolves the settings a server command needs, in the order knife itself applies them
// (chef-config workstation_config_loader.rb#load, then knife's merge of its command-line options):
//   1. the credentials profile, 2. the config file (given with -c or found), then its config.d/*.rb,
//   each setting overriding the one before, 3. the flags, 4. knife's defaults for what is still unset.
// One knife quirk is kept because users rely on it: a PEM written inline in the credentials
// profile beats a client_key path from config.rb (Chef::ServerAPI prefers client_key_contents).
import {existsSync, readFileSync, statSync} from 'node:fs'
import {userInfo} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {usageError, type PushyError} from '../errors.js'
import {isSigningVersion} from '../signing/canonical.js'
import {credentialsProfileName, readCredentialsProfile, type CredentialsProfile} from './credentials.js'
import {dotDFiles, locateConfigFile} from './discover.js'
import {NETWORK_SETTINGS, proxySettings, restTimeoutSeconds, type FoundSetting} from './network-settings.js'
import {evaluateConfigRb} from './ruby-config.js'
import {rubyStrip} from './ruby-eval.js'
import {rubyExpandPath} from './ruby-file.js'
import {RubySymbol, describe, type RubyValue} from './ruby-values.js'
import type {SettingSource, Settings} from './types.js'

export interface ConfigInput {
  flags: {serverUrl?: string; user?: string; key?: string; config?: string; profile?: string}
  env: NodeJS.ProcessEnv
  cwd: string
  home: string
}

const USED_SETTINGS = ['chef_server_url', 'node_name', 'client_key', 'ssl_verify_mode', 'trusted_certs_dir', 'ssl_ca_file', 'authentication_protocol_version', ...NETWORK_SETTINGS] as const
type UsedSetting = (typeof USED_SETTINGS)[number]
const isUsedSetting = (name: string): name is UsedSetting => (USED_SETTINGS as readonly string[]).includes(name)

/** One setting's winning value, where it came from, and how to name that place in an error. */
type Found = FoundSetting

/**
 * Every setting set so far by credentials and config files, by name: what a config file sees
 * when it reads a setting back (`"#{node_name}.pem"`), since chef-config applies them in turn.
 */
type ReadBack = Map<string, RubyValue>

/** A PEM written in the credentials profile itself, and the credentials file it is in. */
interface InlineKey {
  pem: string
  source: string
  file: string
}

export function resolveSettings(input: ConfigInput): Settings {
  const found = new Map<UsedSetting, Found>()
  const readBack: ReadBack = new Map()
  const read: string[] = []

  const profile = readCredentialsProfile(credentialsProfileName(input.flags.profile, input.env, input.home), input.home)
  let inlineKey: InlineKey | undefined
  if (profile) {
    read.push(`${profile.file} [${profile.name}]`)
    inlineKey = applyCredentials(profile, found, readBack, input.home)
  }

  const configFile = input.flags.config ?? locateConfigFile(input)
  if (input.flags.config !== undefined && !existsSync(resolve(input.cwd, input.flags.config))) {
    throw usageError(`the config file ${input.flags.config} does not exist`, 'give -c the path of a knife config.rb or knife.rb')
  }

  // Knife's config_dir: where the config file is, else ~/.chef. config.d and trusted_certs live there.
  const configDir = configFile === undefined ? join(input.home, '.chef') : dirname(resolve(input.cwd, configFile))
  let dotD: string | null = join(configDir, 'config.d')
  if (configFile !== undefined) {
    read.push(configFile)
    const chosen = applyConfigRb(configFile, input, found, readBack)
    if (chosen !== undefined) dotD = chosen
  }

  for (const file of dotD === null ? [] : dotDFiles(dotD)) {
    read.push(file)
    applyConfigRb(file, input, found, readBack)
  }

  applyFlags(input, found)
  // Only --key beats an inline PEM; a config.rb client_key does not (see the top of this file).
  if (input.flags.key !== undefined) inlineKey = undefined
  return build(found, inlineKey, {configDir, configFile, home: input.home, cwd: input.cwd, env: input.env, read})
}

/** chef-config's apply_credentials: client_name is node_name, client_key is a path or the PEM itself. */
function applyCredentials(profile: CredentialsProfile, found: Map<UsedSetting, Found>, readBack: ReadBack, home: string): InlineKey | undefined {
  const source: SettingSource = {kind: 'credentials', file: profile.file}
  const where = `${profile.file} [${profile.name}]`
  let inlineKey: InlineKey | undefined
  for (const [key, value] of Object.entries(profile.values)) {
    const setting = key === 'client_name' ? 'node_name' : key
    if (setting === 'client_key') {
      if (typeof value !== 'string') throw usageError(`${where}: client_key must be a string (a path or the PEM text), not ${describe(value)}`)
      // Any PEM, not only the PKCS#1 header knife checks for, so a PKCS#8 key works too.
      if (value.trimStart().startsWith('-----BEGIN')) {
        inlineKey = {pem: value, source: `in the credentials profile "${profile.name}" (${profile.file})`, file: profile.file}
        readBack.set('client_key_contents', value)
        continue
      }

      const path = rubyExpandPath(value, join(home, '.chef'), {cwd: home, home})
      found.set('client_key', {value: path, source, where})
      readBack.set('client_key', path)
    } else if (setting === 'knife' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // A [profile.knife] table sets knife[:…] settings, as chef-config's Config.knife.merge! does.
      for (const [name, item] of Object.entries(value)) if (isReadable(item)) readBack.set(`knife.${name}`, item)
    } else {
      if (isUsedSetting(setting)) found.set(setting, {value, source, where})
      if (isReadable(value)) readBack.set(setting, setting === 'chef_server_url' && typeof value === 'string' ? rubyStrip(value) : value)
    }
  }

  return inlineKey
}

/** TOML values a config file can read back; tables and dates are not Ruby values pushy models. */
const isReadable = (value: unknown): value is RubyValue =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((item) => isReadable(item)))

/** Applies one config.rb; returns its config_d_dir when it sets one (null: it turned config.d off). */
function applyConfigRb(file: string, input: ConfigInput, found: Map<UsedSetting, Found>, readBack: ReadBack): string | null | undefined {
  let text: string
  try {
    text = readFileSync(resolve(input.cwd, file), 'utf8')
  } catch (error) {
    throw usageError(`cannot read the config file ${file}: ${(error as Error).message}`)
  }

  const assignments = evaluateConfigRb(text, {file, env: input.env, cwd: input.cwd, earlier: readBack})
  for (const [name, assignment] of assignments) {
    readBack.set(name, assignment.value)
    // A from_file'd file names itself as the source.
    if (isUsedSetting(name)) found.set(name, {value: assignment.value, source: {kind: 'config', file: assignment.file, line: assignment.line}, where: `${assignment.file}:${assignment.line}`})
  }

  const dotD = assignments.get('config_d_dir')
  if (dotD === undefined) return undefined
  if (dotD.value === null) return null
  if (typeof dotD.value !== 'string') throw usageError(`${file}:${dotD.line}: config_d_dir must be a string, not ${describe(dotD.value)}`)
  return resolve(input.cwd, dotD.value)
}

function applyFlags({flags, cwd}: ConfigInput, found: Map<UsedSetting, Found>): void {
  const set = (setting: UsedSetting, value: string | undefined, flag: string): void => {
    if (value !== undefined) found.set(setting, {value, source: {kind: 'flag'}, where: flag})
  }

  set('chef_server_url', flags.serverUrl, '--server-url')
  set('node_name', flags.user, '--user')
  set('client_key', flags.key === undefined ? undefined : resolve(cwd, flags.key), '--key')
}

interface Places {
  configDir: string
  configFile: string | undefined
  home: string
  cwd: string
  env: NodeJS.ProcessEnv
  read: string[]
}

function build(found: Map<UsedSetting, Found>, inlineKey: InlineKey | undefined, places: Places): Settings {
  // Keyed by the Settings field names (chefServerUrl, nodeName, clientKey, …).
  const sources: Record<string, SettingSource> = {}
  const text = (setting: UsedSetting, field: string): string | undefined => {
    const entry = found.get(setting)
    if (entry === undefined || entry.value === null) return undefined
    if (typeof entry.value !== 'string') throw usageError(`${entry.where}: ${setting} must be a string, not ${describe(entry.value)}`)
    sources[field] = entry.source
    return entry.value
  }

  const required = (setting: UsedSetting, field: string): string => {
    const value = text(setting, field)
    if (value === undefined || value === '') throw missing(setting, found.get(setting), places.read)
    return value
  }

  const notes: string[] = []
  const chefServerUrl = checkServerUrl(required('chef_server_url', 'chefServerUrl'), found.get('chef_server_url')!)
  const nodeName = found.has('node_name') ? required('node_name', 'nodeName') : loginName(places.env, sources, notes, places.read)
  const clientKey = resolveClientKey(found, inlineKey, nodeName, places, sources)
  const trustedCertsDir = text('trusted_certs_dir', 'trustedCertsDir')
  const sslCaFile = text('ssl_ca_file', 'sslCaFile')
  const settings: Settings = {
    chefServerUrl,
    nodeName,
    clientKey,
    sslVerifyMode: sslVerifyMode(found.get('ssl_verify_mode'), sources),
    authenticationProtocolVersion: protocolVersion(found.get('authentication_protocol_version'), sources),
    restTimeoutSeconds: restTimeoutSeconds(found.get('rest_timeout'), sources),
    proxy: proxySettings((setting) => found.get(setting), places.env, sources),
    sources,
  }

  if (trustedCertsDir !== undefined) settings.trustedCertsDir = resolve(places.cwd, trustedCertsDir)
  else if (!found.has('trusted_certs_dir')) {
    // knife's default, where `knife ssl fetch` stores a self-signed server's certificate.
    const dir = join(places.configDir, 'trusted_certs')
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      settings.trustedCertsDir = dir
      sources.trustedCertsDir = {kind: 'default'}
    }
  }

  if (sslCaFile !== undefined) settings.sslCaFile = resolve(places.cwd, sslCaFile)
  if (notes.length > 0) settings.notes = notes
  return settings
}

/**
 * With no node_name anywhere, knife uses the login name (chef-config's apply_defaults:
 * `Config[:node_name] ||= Etc.getlogin`, which falls back to USER). pushy has no getlogin, so:
 * USER, then LOGNAME, then the name of the user running pushy. Said under -V, as it is a guess.
 */
function loginName(env: NodeJS.ProcessEnv, sources: Record<string, SettingSource>, notes: string[], read: string[]): string {
  for (const variable of ['USER', 'LOGNAME']) {
    const name = env[variable]
    if (name) {
      sources.nodeName = {kind: 'default', variable}
      notes.push(`node_name is not configured; using the login name "${name}" (from ${variable}), as knife does`)
      return name
    }
  }

  let name: string
  try {
    name = userInfo().username
  } catch {
    throw missing('node_name', undefined, read)
  }

  sources.nodeName = {kind: 'default'}
  notes.push(`node_name is not configured; using the login name "${name}" (the user running pushy), as knife does`)
  return name
}

function resolveClientKey(found: Map<UsedSetting, Found>, inlineKey: InlineKey | undefined, nodeName: string, places: Places, sources: Record<string, SettingSource>): Settings['clientKey'] {
  if (inlineKey !== undefined) {
    sources.clientKey = {kind: 'credentials', file: inlineKey.file}
    return {pem: inlineKey.pem, source: inlineKey.source}
  }

  const entry = found.get('client_key')
  if (entry !== undefined) {
    if (entry.value === null || entry.value === '') throw missing('client_key', entry, places.read)
    if (typeof entry.value !== 'string') throw usageError(`${entry.where}: client_key must be a string, not ${describe(entry.value)}`)
    sources.clientKey = entry.source
    // A relative path is read relative to the working directory, as Ruby's File.read would.
    return {path: entry.value.startsWith('/') ? entry.value : resolve(places.cwd, entry.value)}
  }

  // chef-config's apply_defaults: NODE.pem, then user.pem, beside the config file, then in ~/.chef.
  const dirs = places.configFile === undefined ? [] : [places.configDir]
  dirs.push(join(places.home, '.chef'))
  for (const name of [`${nodeName}.pem`, 'user.pem']) {
    for (const dir of dirs) {
      const path = resolve(dir, name)
      if (existsSync(path)) {
        sources.clientKey = {kind: 'default', file: path}
        return {path}
      }
    }
  }

  throw missing('client_key', undefined, places.read)
}

function checkServerUrl(url: string, entry: Found): string {
  // chef-config strips the URL when it is set (`uri.to_s.strip`), from any source.
  const trimmed = rubyStrip(url).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+(\/.*)?\/organizations\/[^/]+$/.test(trimmed)) {
    throw usageError(`${entry.where}: chef_server_url "${url}" is not a Chef server URL ending in /organizations/ORG`, 'write it as https://chef.example.com/organizations/ORG')
  }

  return trimmed
}

function sslVerifyMode(entry: Found | undefined, sources: Record<string, SettingSource>): Settings['sslVerifyMode'] {
  if (entry === undefined || entry.value === null) return 'verify_peer'
  // Like chef-config's writes_value: a symbol, or a string with or without its leading colon.
  const name = entry.value instanceof RubySymbol ? entry.value.name : typeof entry.value === 'string' ? entry.value.replace(/^:/, '') : undefined
  if (name !== 'verify_peer' && name !== 'verify_none') {
    throw usageError(`${entry.where}: ssl_verify_mode must be :verify_peer or :verify_none, not ${describe(entry.value)}`)
  }

  sources.sslVerifyMode = entry.source
  return name
}

function protocolVersion(entry: Found | undefined, sources: Record<string, SettingSource>): Settings['authenticationProtocolVersion'] {
  if (entry === undefined) return '1.1'
  if (typeof entry.value !== 'string' || !isSigningVersion(entry.value)) {
    throw usageError(`${entry.where}: authentication_protocol_version must be "1.0", "1.1" or "1.3", not ${describe(entry.value)}`)
  }

  sources.authenticationProtocolVersion = entry.source
  return entry.value
}

const HOW_TO_SET: Record<string, {flag: string; example: string}> = {
  chef_server_url: {flag: '--server-url URL', example: 'https://chef.example.com/organizations/ORG'},
  node_name: {flag: '--user NAME', example: 'USER'},
  client_key: {flag: '--key PATH', example: '/path/to/USER.pem'},
}

function missing(setting: string, entry: Found | undefined, read: string[]): PushyError {
  const {flag, example} = HOW_TO_SET[setting]
  const why = entry === undefined ? `no ${setting} is configured` : `${setting} is set to nothing at ${entry.where}`
  const searched = read.length === 0 ? 'no config.rb, knife.rb or credentials profile was found' : `read ${read.join(', ')}`
  const how = `pass ${flag}, or add \`${setting} "${example}"\` to .chef/config.rb, or ${setting} = "${example}" to a profile in ~/.chef/credentials`
  // With no configuration at all, the likeliest reader is trying pushy for the first time.
  const firstTry = read.length === 0 ? '; to try pushy without a Chef server, add -z (local mode)' : ''
  return usageError(`${why} (${searched})`, `${how}${firstTry}`)
}
