// https through a real proxy (tinyproxy): a CONNECT tunnel, with the Chef server's certificate
// verified end to end exactly as without a proxy (trusted_certs_dir), for requests and the feed.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import {startTinyproxy, type Tinyproxy} from '../../helpers/tinyproxy.js'
import {json, settingsFor, startServer, type TestServer} from './signed-server.js'

const dir = mkdtempSync(join(tmpdir(), 'pushy-proxy-tls-'))
const trusted = join(dir, 'trusted_certs')
let server: TestServer
let proxy: Tinyproxy

before(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'pipe'})
  mkdirSync(trusted)
  copyFileSync(join(dir, 'server.crt'), join(trusted, '127_0_0_1.crt'))
  server = await startServer(
    (request, res) => {
      if (request.url.endsWith('/pushy/job_status_feed')) {
        res.writeHead(200, {'Content-Type': 'text/event-stream'})
        res.end('id: 1\ndata: {}\n\n')
      } else json(res, 200, {ok: true})
    },
    {key: readFileSync(join(dir, 'server.key'), 'utf8'), cert: readFileSync(join(dir, 'server.crt'), 'utf8')},
  )
  proxy = await startTinyproxy()
})

after(async () => {
  await proxy?.stop()
  await server?.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('https through a proxy', () => {
  it('tunnels with CONNECT and verifies the server with trusted_certs_dir, for requests and the stream', async () => {
    const log: string[] = []
    const client = createChefClient({settings: settingsFor(server.chefServerUrl, {trustedCertsDir: trusted, proxy: {httpsProxy: proxy.url}}), verbose: (line) => log.push(line)})
    assert.deepEqual(await client.get('nodes'), {ok: true})
    const response = await client.stream('pushy/job_status_feed', {accept: 'text/event-stream'})
    assert.equal(await response.text(), 'id: 1\ndata: {}\n\n')
    assert.ok(proxy.tunnels().includes(new URL(server.chefServerUrl).host), proxy.log())
    assert.ok(server.seen.length >= 2 && server.seen.every((request) => request.verified.ok))
    assert.match(log.join('\n'), new RegExp(`GET ${server.chefServerUrl}/nodes via proxy ${proxy.url}/`))
  })

  it('still refuses a certificate it cannot verify: the tunnel does not weaken TLS', async () => {
    const client = createChefClient({settings: settingsFor(server.chefServerUrl, {proxy: {httpsProxy: proxy.url}}), retry: {limit: 0}})
    await assert.rejects(client.get('nodes'), (error: PushyError) => error.exitCode === ExitCode.Server && /certificate of 127\.0\.0\.1:\d+ was not accepted/.test(error.message))
  })

  it('an http_proxy alone does not apply to https', async () => {
    const before = proxy.tunnels().length
    const client = createChefClient({settings: settingsFor(server.chefServerUrl, {trustedCertsDir: trusted, proxy: {httpProxy: proxy.url}})})
    assert.deepEqual(await client.get('nodes'), {ok: true})
    assert.equal(proxy.tunnels().length, before)
  })
})
