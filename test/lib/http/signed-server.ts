// A real loopback server that checks every request's signature with pushy's own verifier, so the
// client tests see exactly what a Chef server would see.
import {createPublicKey, type KeyObject} from 'node:crypto'
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import type {Settings} from '../../../src/lib/config/types.js'
import type {SigningVersion} from '../../../src/lib/signing/canonical.js'
import {verifyRequest, type VerifyResult} from '../../../src/lib/signing/verify.js'
import {fixtureKey} from '../../helpers/keys.js'

const pair = {privateKey: fixtureKey('server-user'), publicKey: createPublicKey(fixtureKey('server-user'))}
export const USER = 'pivotal'
export const privateKeyPem = pair.privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
const publicKey: KeyObject = pair.publicKey

export interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
  verified: VerifyResult
}

export type Handler = (request: Seen, res: ServerResponse, req: IncomingMessage) => void

export interface TestServer {
  /** http(s)://127.0.0.1:PORT/organizations/acme */
  chefServerUrl: string
  origin: string
  seen: Seen[]
  close(): Promise<void>
}

export async function startServer(handler: Handler, tls?: {key: string; cert: string}): Promise<TestServer> {
  const seen: Seen[] = []
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const verified = verifyRequest({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        headers: req.headers,
        lookupKey: (user) => (user === USER ? publicKey : undefined),
      })
      const request: Seen = {method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, verified}
      seen.push(request)
      handler(request, res, req)
    })
  }

  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    chefServerUrl: `${origin}/organizations/acme`,
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The servers of one test file: `serve` starts one, `closeAll` (for the file's `after`) stops them all. */
export function serverSet(): {serve(handler: Handler): Promise<TestServer>; closeAll(): Promise<void>} {
  const servers: TestServer[] = []
  return {
    async serve(handler) {
      const server = await startServer(handler)
      servers.push(server)
      return server
    },
    closeAll: async () => void (await Promise.all(servers.map((server) => server.close()))),
  }
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, {'Content-Type': 'application/json', ...headers})
  res.end(JSON.stringify(body))
}

export function settingsFor(chefServerUrl: string, overrides: Partial<Settings> = {}): Settings {
  return {
    chefServerUrl,
    nodeName: USER,
    clientKey: {pem: privateKeyPem, source: 'the test key'},
    sslVerifyMode: 'verify_peer',
    authenticationProtocolVersion: '1.3' as SigningVersion,
    sources: {},
    ...overrides,
  }
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createHttpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
