// Every exit code of docs/exit-codes.md's table that the other e2e files do not already reach, as a user
// meets them: usage errors (2), a wrong key (401 → 5), a read-only client (403 → 5), an unknown
// job (6), a server that keeps answering 503 (7).
import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {makeHome, runCli} from '../helpers/cli.js'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {assertErrorLine, assertExit, e2eServer, homeAs, keyPairPem, type E2e} from './support.js'

describe('e2e: exit codes against a zero server', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('n-1'), fleetNode('n-2'))})
  })
  after(async () => {
    await e.close()
  })

  const posts = () => e.ts.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pushy/jobs')).length

  it('2: a bad quorum is a usage error before anything is sent', async () => {
    const before = e.ts.requests.length
    const result = await e.run(['job', 'start', 'chef-client', 'n-1', '--quorum', 'most'])
    assertExit(result, 2)
    assert.equal(result.stdout, '')
    assertErrorLine(result.stderr, /quorum/i)
    assert.equal(e.ts.requests.length, before, 'nothing sent')
  })

  it('2: no nodes to run on', async () => {
    const result = await e.run(['job', 'start', 'chef-client'])
    assertExit(result, 2)
    assertErrorLine(result.stderr, /node/i)
  })

  it('2: --with-env that is not a JSON object of strings says why', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'n-1', '--with-env', '{"A": 1}'])
    assertExit(result, 2)
    assertErrorLine(result.stderr, /with-env/)
  })

  it('2: a mistyped command names what was meant, in one Error: line, and sends nothing', async () => {
    const before = e.ts.requests.length
    const result = await e.run(['job', 'stat', '0123456789abcdef0123456789abcdef', '--json'])
    assertExit(result, 2)
    assert.equal(result.stdout, '')
    assertErrorLine(result.stderr, /`job stat` is not a pushy command\. Hint: did you mean `pushy job status`\? `pushy help job` lists the commands$/)
    assert.equal(e.ts.requests.length, before, 'nothing sent')

    const root = await e.run(['--bogus'])
    assertExit(root, 2)
    assertErrorLine(root.stderr, /`--bogus` is not a pushy command\. Hint: `pushy help` lists the commands$/)
  })

  it('5: a wrong key → 401, one Error: line with the key hint', async () => {
    const home = homeAs(e.ts, e.ts.userName, keyPairPem().privatePem)
    const result = await runCli(['job', 'list'], {home})
    assertExit(result, 5)
    assert.equal(result.stdout, '')
    // the hint names the key (and the user) to check
    assertErrorLine(result.stderr, /key/i)
    assert.match(result.stderr, new RegExp(e.ts.userName))
  })

  it('5: a read-only client → 403 on POST with the pushy_job_readers/pushy_job_writers hint; no second POST', async () => {
    const {privatePem, publicPem} = keyPairPem()
    mkdirSync(join(e.ts.stateDir, 'clients'), {recursive: true})
    writeFileSync(join(e.ts.stateDir, 'clients', 'reader.pub'), publicPem)
    const home = homeAs(e.ts, 'reader', privatePem)

    const reads = await runCli(['job', 'list', '--json'], {home})
    assertExit(reads, 0)

    const before = posts()
    const result = await runCli(['job', 'start', 'chef-client', 'n-1'], {home})
    assertExit(result, 5)
    assert.equal(result.stdout, '')
    assertErrorLine(result.stderr, /pushy_job_writers/)
    assert.match(result.stderr, /pushy_job_readers/)
    assert.equal(posts() - before, 1)
  })

  it('6: an unknown job for job status, job watch and job output', async () => {
    const unknown = '0123456789abcdef0123456789abcdef'
    for (const args of [['job', 'status', unknown], ['job', 'watch', unknown], ['job', 'output', unknown]]) {
      const result = await e.run(args)
      assertExit(result, 6)
      assert.equal(result.stdout, '', args.join(' '))
      assertErrorLine(result.stderr, new RegExp(unknown))
    }
  })
})

describe('e2e: exit 7 from a server that always answers 503', () => {
  let server: Server
  let url: string
  const seen: Array<{method: string; url: string}> = []
  const home = makeHome()
  const keyPath = join(home, 'me.pem')
  writeFileSync(keyPath, keyPairPem().privatePem, {mode: 0o600})

  before(async () => {
    server = createServer((req, res) => {
      seen.push({method: req.method ?? '', url: req.url ?? ''})
      req.resume()
      res.writeHead(503, {'content-type': 'application/json'})
      res.end(JSON.stringify({error: 'service unavailable'}))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/organizations/acme`
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const flags = () => ['--server-url', url, '-u', 'me', '-k', keyPath]

  it('a GET is retried up to 4 more times, then exit 7 with one Error: line', async () => {
    seen.length = 0
    const started = Date.now()
    const result = await runCli(['job', 'status', 'aa'.repeat(16), ...flags()], {home, timeoutMs: 45_000})
    assertExit(result, 7)
    assert.equal(result.stdout, '')
    assertErrorLine(result.stderr, /503|unavailable/i)
    const gets = seen.filter((r) => r.method === 'GET')
    assert.equal(gets.length, 5, `1 GET + 4 retries: ${JSON.stringify(seen)}`)
    assert.ok(Date.now() - started < 35_000, 'retries stay within about 30 s')
  })

  it('a job POST is never repeated: exactly one POST, exit 7', async () => {
    seen.length = 0
    const result = await runCli(['job', 'start', 'chef-client', 'n-1', ...flags()], {home, timeoutMs: 45_000})
    assertExit(result, 7)
    assert.equal(result.stdout, '')
    assertErrorLine(result.stderr, /503|unavailable/i)
    assert.equal(seen.filter((r) => r.method === 'POST').length, 1, JSON.stringify(seen))
  })
})
