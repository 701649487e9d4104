// Requests through an HTTP proxy, as knife makes them: hpagent (the agent got's documentation
// points to) opens a CONNECT tunnel to the Chef server, so TLS is verified end to end with the
// same CAs as without a proxy, and the event feed is one long-lived tunnel.
import type {Agents} from 'got'
import type * as Hpagent from 'hpagent'
import {proxyFor, redactedProxy, type ProxyTarget} from '../config/proxy.js'
import type {ProxySettings} from '../config/types.js'

export interface ProxyRoute {
  /** for got's `agent` option */
  agent: Agents
  /** the proxy's URL for messages and -V: the user name kept, the password never shown */
  shown: string
}

// Loaded only when a proxy is configured: hpagent's agents extend node:https's, and a command
// over plain HTTP otherwise never loads node:https and node:tls (~4 ms of its start-up).
let hpagent: typeof Hpagent | undefined

/** Loads hpagent if `settings` name a proxy: proxyRoutes' agents need it (the client loads it with got). */
export async function loadProxyAgents(settings: ProxySettings | undefined): Promise<void> {
  if (settings?.httpProxy || settings?.httpsProxy) hpagent ??= await import('hpagent')
}

/** The proxy URL hpagent takes: credentials percent-encoded in it (it decodes them for Basic auth). */
function agentProxyUrl(target: ProxyTarget): URL {
  const url = new URL(target.url.href)
  if (target.username !== undefined) url.username = encodeURIComponent(target.username)
  if (target.password !== undefined) url.password = encodeURIComponent(target.password)
  return url
}

/**
 * Which proxy each request takes (or none), with one keep-alive agent per proxy and scheme,
 * reused by every request of the command.
 */
export function proxyRoutes(settings: ProxySettings | undefined): (url: URL) => ProxyRoute | undefined {
  const routes = new Map<string, ProxyRoute>()
  return (url) => {
    if (!settings) return undefined
    const target = proxyFor(url, settings)
    if (!target) return undefined
    const proxyUrl = agentProxyUrl(target)
    const key = `${url.protocol}${proxyUrl.href}`
    let route = routes.get(key)
    if (!route) {
      const https = url.protocol === 'https:'
      const shown = new URL(target.url.href)
      if (target.username) shown.username = encodeURIComponent(target.username)
      if (target.password) shown.password = 'hidden'
      let agent: Agents | undefined
      route = {
        // made on first use: messages name the proxy before the first request loads hpagent
        get agent() {
          if (!hpagent) throw new Error('proxyRoutes: loadProxyAgents() has not finished')
          const options = {keepAlive: true, proxy: proxyUrl}
          return (agent ??= https ? {https: new hpagent.HttpsProxyAgent(options)} : {http: new hpagent.HttpProxyAgent(options)})
        },
        shown: redactedProxy(shown),
      }
      routes.set(key, route)
    }
    return route
  }
}
