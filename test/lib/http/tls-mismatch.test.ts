// https:// to a plain-HTTP port, and http:// to a TLS port: one line that says which, not an
// OpenSSL dump or a bare "connection reset".
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import {json, settingsFor, startServer, type TestServer} from './signed-server.js'

const dir = mkdtempSync(join(tmpdir(), 'pushy-tls-mismatch-'))
let plain: TestServer
let tls: TestServer
let nginxLike: Server

before(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', join(dir, 'key'), '-out', join(dir, 'cert'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'pipe'})
  plain = await startServer((_request, res) => json(res, 200, {ok: true}))
  tls = await startServer((_request, res) => json(res, 200, {ok: true}), {key: readFileSync(join(dir, 'key'), 'utf8'), cert: readFileSync(join(dir, 'cert'), 'utf8')})
  // what nginx answers on its TLS port to a plain-HTTP request
  nginxLike = createServer((_request, res) => {
    res.writeHead(400, {'Content-Type': 'text/html'})
    res.end('<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>')
  })
  await new Promise<void>((resolve) => nginxLike.listen(0, '127.0.0.1', resolve))
})

after(async () => {
  await Promise.all([plain?.close(), tls?.close(), new Promise((resolve) => nginxLike?.close(resolve))])
  rmSync(dir, {recursive: true, force: true})
})

const get = (url: string) => createChefClient({settings: settingsFor(url), retry: {limit: 0}}).get('nodes')

describe('the wrong scheme for the port', () => {
  it('https:// to a plain-HTTP server: "did not answer TLS; is the URL http://?"', async () => {
    await assert.rejects(get(plain.chefServerUrl.replace('http:', 'https:')), (error: PushyError) => {
      assert.equal(error.exitCode, ExitCode.Server)
      assert.match(error.message, /^the server at 127\.0\.0\.1:\d+ did not answer TLS/)
      assert.match(error.hint ?? '', /is the URL http:\/\/127\.0\.0\.1:\d+…\?/)
      return true
    })
  })

  it('http:// to a TLS server that just closes the connection: the hint says https://', async () => {
    await assert.rejects(get(tls.chefServerUrl.replace('https:', 'http:')), (error: PushyError) => {
      assert.equal(error.exitCode, ExitCode.Server)
      assert.match(error.hint ?? '', /if the server speaks TLS, the URL is https:\/\/127\.0\.0\.1:\d+…/)
      return true
    })
  })

  it('http:// to a TLS port that answers with nginx\'s 400 page: said plainly', async () => {
    const {port} = nginxLike.address() as {port: number}
    await assert.rejects(get(`http://127.0.0.1:${port}/organizations/acme`), (error: PushyError) => {
      assert.match(error.message, new RegExp(`^the server at 127\\.0\\.0\\.1:${port} did not answer plain HTTP`))
      assert.match(error.hint ?? '', /is the URL https:\/\//)
      return true
    })
  })
})
