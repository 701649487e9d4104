import type {SigningVersion} from '../signing/canonical.js'

/** Where a setting came from, so errors can say which file to fix. */
export interface SettingSource {
  file?: string
  line?: number
  /** 'flag', 'env', 'credentials', 'config', 'default', 'local-mode' */
  kind: string
}

/** Everything a server command needs to talk to a Chef server, resolved the way knife resolves it. */
export interface Settings {
  /** ends in /organizations/ORG */
  chefServerUrl: string
  nodeName: string
  /** a path to a PEM file, or the PEM text itself (credentials may inline it) */
  clientKey: {path: string} | {pem: string; source: string}
  sslVerifyMode: 'verify_peer' | 'verify_none'
  trustedCertsDir?: string
  sslCaFile?: string
  authenticationProtocolVersion: SigningVersion
  /** knife's rest_timeout: seconds any one request may take (Chef's default: 300) */
  restTimeoutSeconds?: number
  /** the config file or credentials profile the settings were read from, if any */
  sources: Record<string, SettingSource>
}
