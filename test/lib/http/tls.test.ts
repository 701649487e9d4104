import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import type {ChefClientOptions} from '../../../src/lib/http/types.js'
import type {Settings} from '../../../src/lib/config/types.js'
import {json, settingsFor, startServer, type TestServer} from './signed-server.js'

const dir = mkdtempSync(join(tmpdir(), 'pushy-tls-'))
const certFile = join(dir, 'server.crt')
let server: TestServer

before(async () => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(dir, 'server.key'), '-out', certFile,
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], {stdio: 'pipe'})
  server = await startServer((_request, res) => json(res, 200, {ok: true}), {key: readFileSync(join(dir, 'server.key'), 'utf8'), cert: readFileSync(certFile, 'utf8')})
})

after(async () => {
  await server?.close()
  rmSync(dir, {recursive: true, force: true})
})

const clientWith = (settings: Partial<Settings>, options: Partial<ChefClientOptions> = {}) =>
  createChefClient({settings: settingsFor(server.chefServerUrl, settings), retry: {limit: 0}, ...options})

describe('TLS', () => {
  it('rejects a self-signed certificate by default, with the knife ssl fetch hint', async () => {
    await assert.rejects(clientWith({}).get('nodes'), (error: PushyError) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, ExitCode.Server)
      assert.match(error.message, /certificate of 127\.0\.0\.1:\d+ was not accepted/)
      assert.match(error.hint ?? '', /knife ssl fetch/)
      assert.match(error.hint ?? '', /trusted_certs_dir/)
      return true
    })
    assert.equal(server.seen.length, 0)
  })

  it('checks the host name: a trusted certificate for another name is rejected', async () => {
    // got takes Node's host name check from the client (verifyServerIdentity), not node:tls
    const other = join(dir, 'other')
    mkdirSync(other)
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', join(other, 'server.key'), '-out', join(other, 'server.crt'),
      '-subj', '/CN=chef.example.org', '-addext', 'subjectAltName=DNS:chef.example.org',
    ], {stdio: 'pipe'})
    const elsewhere = await startServer((_request, res) => json(res, 200, {ok: true}), {key: readFileSync(join(other, 'server.key'), 'utf8'), cert: readFileSync(join(other, 'server.crt'), 'utf8')})
    try {
      const client = createChefClient({settings: settingsFor(elsewhere.chefServerUrl, {sslCaFile: join(other, 'server.crt')}), retry: {limit: 0}})
      await assert.rejects(client.get('nodes'), (error: PushyError) => {
        assert.ok(error instanceof PushyError)
        assert.match(`${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`, /127\.0\.0\.1|chef\.example\.org|altname/i)
        return true
      })
      assert.equal(elsewhere.seen.length, 0)
    } finally {
      await elsewhere.close()
    }
  })

  it('accepts it through ssl_ca_file', async () => {
    assert.deepEqual(await clientWith({sslCaFile: certFile}).get('nodes'), {ok: true})
  })

  it('accepts it through trusted_certs_dir, for requests and for the event stream', async () => {
    const trusted = join(dir, 'trusted_certs')
    mkdirSync(trusted)
    copyFileSync(certFile, join(trusted, '127_0_0_1.crt'))
    const client = clientWith({trustedCertsDir: trusted})
    assert.deepEqual(await client.get('nodes'), {ok: true})
    const response = await client.stream(`pushy/job_status_feed`)
    assert.equal(response.status, 200)
    await response.arrayBuffer()
  })

  it('a missing trusted_certs_dir only means no extra CAs; an unreadable ssl_ca_file is a usage error', () => {
    assert.doesNotThrow(() => clientWith({trustedCertsDir: join(dir, 'absent')}))
    assert.throws(() => clientWith({sslCaFile: join(dir, 'absent.pem')}), (error: PushyError) => error.exitCode === ExitCode.Usage)
  })

  it('verify_none accepts it and warns exactly once', async () => {
    const warnings: string[] = []
    const client = clientWith({sslVerifyMode: 'verify_none'}, {warn: (line) => warnings.push(line)})
    await client.get('nodes')
    await client.get('nodes')
    const response = await client.stream(`pushy/job_status_feed`)
    await response.arrayBuffer()
    assert.equal(warnings.length, 1)
    assert.match(warnings[0], /verify_none/)
  })
})
