// Which proxy, if any, a request goes through: the target's scheme picks https_proxy or
// http_proxy, and no_proxy lists the hosts that are reached directly. Only no_proxy decides that
// a host is not proxied; loopback addresses get no special treatment (a proxy on localhost in
// front of a server on localhost is a real set-up, and tests use it).
import {BlockList, isIP} from 'node:net'
import type {ProxySettings} from './types.js'

/** The proxy for one request: its URL without credentials, and the credentials to send it. */
export interface ProxyTarget {
  url: URL
  username?: string
  password?: string
}

/**
 * A proxy setting as a URL. Like knife and curl, `proxy.example.com:3128` without a scheme means
 * http://. Returns a reason instead when it is not an http:// or https:// URL with a host; the
 * reason never repeats the text, which may hold a password.
 */
export function parseProxyUrl(text: string): URL | {problem: string} {
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `http://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return {problem: 'is not a URL'}
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') return {problem: `is a ${url.protocol}// proxy; pushy talks only to http:// and https:// proxies`}
  if (url.hostname === '') return {problem: 'has no host name'}
  return url
}

/** The proxy for `target`, or undefined when the request goes directly. */
export function proxyFor(target: URL, proxy: ProxySettings): ProxyTarget | undefined {
  const https = target.protocol === 'https:'
  if (!https && target.protocol !== 'http:') return undefined
  const setting = https ? proxy.httpsProxy : proxy.httpProxy
  if (setting === undefined || setting.trim() === '') return undefined
  if (bypassesProxy(target, proxy.noProxy)) return undefined

  const parsed = parseProxyUrl(setting.trim())
  // resolveSettings refuses a bad proxy URL with the file and line; this is for Settings made elsewhere.
  if (!(parsed instanceof URL)) throw new Error(`the ${https ? 'https' : 'http'}_proxy setting ${parsed.problem}`)
  // The *_user/*_pass settings win over credentials written in the URL, as chef-config's export_proxy does.
  const username = (https ? proxy.httpsProxyUser : proxy.httpProxyUser) ?? decoded(parsed.username)
  const password = (https ? proxy.httpsProxyPass : proxy.httpProxyPass) ?? decoded(parsed.password)
  const url = new URL(parsed.href)
  url.username = ''
  url.password = ''
  return {url, ...(username ? {username} : {}), ...(password ? {password} : {})}
}

/** A proxy URL fit for a log line: the user name is kept, a password becomes `***`. */
export function redactedProxy(proxy: URL | string): string {
  const parsed = typeof proxy === 'string' ? parseProxyUrl(proxy.trim()) : proxy
  if (!(parsed instanceof URL)) return '(a proxy setting that is not a URL)'
  const url = new URL(parsed.href)
  if (url.password !== '') url.password = '***'
  return url.href
}

function decoded(text: string): string | undefined {
  if (text === '') return undefined
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const defaultPort = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80')

/** `[::1]` → `::1`, and no trailing dot: the host as no_proxy entries are compared with it. */
const bareHost = (host: string): string => host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')

/**
 * Whether no_proxy sends `target` directly. Entries are separated by commas or white space:
 * `*` (every host); a host name or a domain, with or without a leading `.` or `*.`, matching the
 * host itself and every host under it; an IP address, matching only itself; a CIDR range such as
 * `10.0.0.0/8`; and any of those with `:port`, matching only that port.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false
  const host = bareHost(target.hostname)
  const port = defaultPort(target)
  return noProxy.split(/[\s,]+/).some((entry) => entry !== '' && entryMatches(entry.toLowerCase(), host, port))
}

function entryMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true
  const {name, port: entryPort} = splitPort(entry)
  if (entryPort !== undefined && entryPort !== port) return false
  const hostFamily = isIP(host)
  const cidr = /^(.+)\/(\d{1,3})$/.exec(name)
  if (cidr) {
    const family = isIP(cidr[1])
    if (family === 0 || family !== hostFamily) return false
    const list = new BlockList()
    try {
      list.addSubnet(cidr[1], Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6')
    } catch {
      return false
    }

    return list.check(host, family === 4 ? 'ipv4' : 'ipv6')
  }

  const entryFamily = isIP(name)
  if (entryFamily !== 0 || hostFamily !== 0) {
    // Addresses match exactly (written differently, `::1` and `0:0::1` are the same address);
    // a domain suffix never matches an address (`0.1` must not match `10.0.0.1`).
    if (entryFamily === 0 || entryFamily !== hostFamily) return false
    const list = new BlockList()
    list.addAddress(name, entryFamily === 4 ? 'ipv4' : 'ipv6')
    return list.check(host, entryFamily === 4 ? 'ipv4' : 'ipv6')
  }

  const domain = name.replace(/^\*?\./, '').replace(/\.$/, '')
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`))
}

/** `host:port`, `[v6]:port`, or a bare IPv6 address (whose colons are not a port). */
function splitPort(entry: string): {name: string; port?: string} {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return {name: bracketed[1], port: bracketed[2]}
  const withPort = /^([^:]+):(\d+)$/.exec(entry)
  if (withPort) return {name: withPort[1], port: withPort[2]}
  return {name: entry}
}
