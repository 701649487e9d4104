// A Chef Server behind nginx may compress its JSON (gzip, deflate; br from some proxies). The
// built CLI decodes each, though its bundle loads the decoder (and node:zlib) only for the first
// encoded answer (scripts/build/exact-patches.js), and a plain answer loads neither.
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'
import {brotliCompressSync, deflateSync, gzipSync} from 'node:zlib'
import {makeHome, runCli} from '../helpers/cli.js'
import {privateKeyPem, serverSet, USER, type TestServer} from '../lib/http/signed-server.js'

const PROBE = fileURLToPath(new URL('../fixtures/probes/loaded-modules.cjs', import.meta.url))
const ID = 'a'.repeat(32)
const JOB = {id: ID, command: 'chef-client', status: 'complete', run_timeout: 3600, created_at: 'Mon, 30 Nov 2026 09:00:00 GMT', updated_at: 'Mon, 30 Nov 2026 09:00:05 GMT', nodes: {succeeded: ['web-1']}}
const ENCODERS: Record<string, (body: Buffer) => Buffer> = {gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync}

const {serve, closeAll} = serverSet()
const dir = mkdtempSync(join(tmpdir(), 'pushy-compressed-'))
let server: TestServer
let home: string

before(async () => {
  // the encoding the answer takes is the test's, named in the request's path: /encoding/NAME/...
  server = await serve((request, res) => {
    const encoding = /\/encoding\/(\w+)\//.exec(request.url)?.[1] ?? 'identity'
    const body = Buffer.from(JSON.stringify(JOB))
    const encode = ENCODERS[encoding] as ((body: Buffer) => Buffer) | undefined
    res.writeHead(request.verified ? 200 : 401, {'Content-Type': 'application/json', ...(encode ? {'Content-Encoding': encoding} : {})})
    res.end(encode ? encode(body) : body)
  })
  const keyPath = join(dir, 'user.pem')
  writeFileSync(keyPath, privateKeyPem)
  home = makeHome({url: server.chefServerUrl, userName: USER, keyPath})
})

after(async () => {
  await closeAll()
  rmSync(dir, {recursive: true, force: true})
  rmSync(home, {recursive: true, force: true})
})

const urlFor = (encoding: string): string => `${server.origin}/encoding/${encoding}/organizations/acme`

describe('e2e: compressed answers', () => {
  for (const encoding of Object.keys(ENCODERS)) {
    it(`job status decodes a ${encoding} answer`, async () => {
      const result = await runCli(['job', 'status', ID, '--server-url', urlFor(encoding)], {home})
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^command: {5}chef-client$/m)
      assert.match(result.stdout, /^ {2}succeeded: web-1$/m)
    })
  }

  it('a plain answer loads no decoder', async () => {
    const result = await runCli(['job', 'status', ID, '--server-url', urlFor('identity')], {home, env: {NODE_OPTIONS: `--require ${PROBE}`}})
    assert.equal(result.code, 0, result.stderr)
    const line = result.stderr.split('\n').find((text) => text.startsWith('loaded builtins: ')) ?? ''
    const builtins = line.split(' ')
    assert.ok(builtins.includes('http'), `the probe reports: ${result.stderr}`)
    assert.ok(!builtins.includes('zlib'), `node:zlib was loaded: ${line}`)
  })
})
