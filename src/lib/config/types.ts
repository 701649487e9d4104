import type {SigningVersion} from '../signing/canonical.js'

/** Where a setting came from, so errors can say which file to fix. */
export interface SettingSource {
  file?: string
  line?: number
  /** 'flag', 'env', 'credentials', 'config', 'default', 'local-mode' */
  kind: string
  /** the environment variable, when kind is 'env' */
  variable?: string
}

/**
 * The proxy settings as knife reads them: config.rb (or the credentials profile), else the
 * environment. Values are as written; proxyFor (proxy.ts) decides which applies to a URL.
 */
export interface ProxySettings {
  /** `http://host:port`, possibly with `user:password@`; a bare `host:port` means http:// */
  httpProxy?: string
  httpsProxy?: string
  /** comma or space separated hosts, domains, IP addresses, CIDR ranges, `host:port`s, or `*` */
  noProxy?: string
  httpProxyUser?: string
  httpProxyPass?: string
  httpsProxyUser?: string
  httpsProxyPass?: string
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
  /**
   * rest_timeout: seconds a request may wait for the server (knife's default 300). resolveSettings
   * always sets it; settings made elsewhere (local mode, tests) may leave it out to mean 300.
   */
  restTimeoutSeconds?: number
  /** resolveSettings always sets it (empty when no proxy is configured); absent means no proxy */
  proxy?: ProxySettings
  /** where each setting came from, keyed by field name (`nodeName`, `proxy.httpsProxy`) */
  sources: Record<string, SettingSource>
  /** lines for the command's verbose (-V) log about how a setting was chosen */
  notes?: string[]
}
