import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {createChefClient} from '../../../src/lib/http/client.js'
import type {ChefClientOptions} from '../../../src/lib/http/types.js'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import type {SigningVersion} from '../../../src/lib/signing/canonical.js'
import {closedPort, json, privateKeyPem, serverSet, settingsFor, USER, type Handler, type TestServer} from './signed-server.js'

const FAST = {limit: 4, baseDelayMs: 1, maxDelayMs: 4, budgetMs: 2000}
const UNCERTAIN = 'the job may have been created: check with `pushy job list`'

const {serve, closeAll} = serverSet()
after(closeAll)

const clientFor = (server: TestServer, options: Partial<ChefClientOptions> = {}, version: SigningVersion = '1.3') =>
  createChefClient({settings: settingsFor(server.chefServerUrl, {authenticationProtocolVersion: version}), retry: FAST, ...options})

async function rejection(promise: Promise<unknown>): Promise<PushyError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof PushyError, `expected a PushyError, got ${String(error)}`)
    return error
  }

  assert.fail('expected a rejection')
}

const echo: Handler = (request, res) => json(res, request.method === 'POST' ? 201 : 200, {method: request.method, body: request.body.toString('utf8')})

describe('signing every request', () => {
  for (const version of ['1.0', '1.1', '1.3'] as const) {
    it(`${version}: GET with a query, POST and PUT with non-ASCII bodies verify server-side`, async () => {
      const server = await serve(echo)
      const client = clientFor(server, {}, version)
      await client.get('search/node', {searchParams: {q: 'name:*', rows: 2}})
      const posted = await client.post<{body: string}>('/pushy/jobs', {command: 'chef-client', description: 'naïve café ☕'})
      await client.put('nodes/web1', {name: 'web1', note: 'ü'})

      assert.equal(posted.statusCode, 201)
      assert.equal(posted.body.body, JSON.stringify({command: 'chef-client', description: 'naïve café ☕'}))
      assert.deepEqual(
        server.seen.map((request) => [request.method, request.url, request.verified]),
        [
          ['GET', '/organizations/acme/search/node?q=name%3A*&rows=2', {ok: true, userId: USER, version}],
          ['POST', '/organizations/acme/pushy/jobs', {ok: true, userId: USER, version}],
          ['PUT', '/organizations/acme/nodes/web1', {ok: true, userId: USER, version}],
        ],
      )
    })
  }

  it('many requests at once (signed on worker threads past a few in flight) all verify, for each protocol', async () => {
    // answers nothing until 12 requests wait, so that they are all in flight together
    const held: Array<() => void> = []
    const server = await serve((request, res) => {
      held.push(() => json(res, 200, {path: request.url}))
      if (held.length >= 12) for (const answer of held.splice(0)) answer()
    })
    for (const version of ['1.0', '1.1', '1.3'] as const) {
      const client = clientFor(server, {}, version)
      const paths = Array.from({length: 12}, (_, i) => `pushy/jobs/j/output/node-${i}/stdout`)
      const answers = await Promise.all(paths.map((path) => client.get<{path: string}>(path)))
      assert.deepEqual(answers.map((answer) => answer.path), paths.map((path) => `/organizations/acme/${path}`))
    }
    assert.equal(server.seen.length, 36)
    assert.deepEqual(new Set(server.seen.map((request) => JSON.stringify(request.verified.ok))), new Set(['true']), JSON.stringify(server.seen.find((request) => !request.verified.ok)?.verified))
  })

  it('sends the Chef headers, Content-Type only with a body', async () => {
    const server = await serve(echo)
    const client = clientFor(server)
    await client.get('nodes')
    await client.post('nodes', {a: 1})
    const [get, post] = server.seen
    assert.equal(get.headers['x-ops-server-api-version'], '1')
    assert.equal(get.headers['x-chef-version'], '18.0.0')
    assert.equal(get.headers.accept, 'application/json')
    assert.match(get.headers['user-agent'] ?? '', /^pushy\/\d+\.\d+\.\d+/)
    assert.equal(get.headers['content-type'], undefined)
    assert.equal(post.headers['content-type'], 'application/json')
    assert.equal(post.body.toString('utf8'), '{"a":1}')
  })

  it('signs a chosen server API version and reads the key from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-key-'))
    after(() => rmSync(dir, {recursive: true, force: true}))
    writeFileSync(join(dir, 'user.pem'), privateKeyPem)
    const server = await serve(echo)
    const settings = settingsFor(server.chefServerUrl, {clientKey: {path: join(dir, 'user.pem')}})
    await createChefClient({settings, serverApiVersion: '2'}).get('nodes')
    assert.equal(server.seen[0].headers['x-ops-server-api-version'], '2')
    assert.equal(server.seen[0].verified.ok, true)
  })

  it('fails at creation with a usage error when the key file is missing', () => {
    const settings = settingsFor('http://127.0.0.1:1/organizations/acme', {clientKey: {path: '/nonexistent/pushy/user.pem'}})
    assert.throws(() => createChefClient({settings}), (error: PushyError) => error.exitCode === ExitCode.Usage && error.message.includes('/nonexistent/pushy/user.pem'))
  })

  it('a user id too long for protocol 1.0 is a usage error before anything is sent', async () => {
    const server = await serve(echo)
    const settings = settingsFor(server.chefServerUrl, {authenticationProtocolVersion: '1.0', nodeName: 'u'.repeat(120)})
    const error = await rejection(createChefClient({settings}).get('nodes'))
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.match(error.hint ?? '', /1\.3/)
    assert.equal(server.seen.length, 0)
  })

  it('getBytes returns the exact bytes and asks for octet-stream', async () => {
    const bytes = Buffer.from([0, 255, 10, 0xe2, 0x98])
    const server = await serve((_request, res) => {
      res.writeHead(200, {'Content-Type': 'application/octet-stream'})
      res.end(bytes)
    })
    assert.deepEqual(await clientFor(server).getBytes('pushy/jobs/1/output/n1/stdout'), bytes)
    assert.equal(server.seen[0].headers.accept, 'application/octet-stream')
  })
})

describe('GET retries', () => {
  it('re-signs every attempt: 503, 502, reset, then 200 resolves', async () => {
    let tick = Date.parse('2030-01-01T00:00:00Z')
    const server = await serve((request, res, req) => {
      const attempt = server.seen.length
      if (attempt === 1) return json(res, 503, {error: ['busy']})
      if (attempt === 2) return json(res, 502, {error: ['bad gateway']})
      if (attempt === 3) return req.socket.destroy()
      json(res, 200, {ok: request.url})
    })
    // The verifier allows 15 min of skew; each signature gets a timestamp one second later
    const now = () => new Date((tick += 1000))
    const body = await clientFor(server, {now}).get<{ok: string}>('pushy/jobs/abc')
    assert.deepEqual(body, {ok: '/organizations/acme/pushy/jobs/abc'})
    assert.equal(server.seen.length, 4)
    assert.ok(server.seen.every((request) => request.verified.ok === false && request.verified.reason === 'clock'), 'timestamps come from the injected clock')
    const stamps = server.seen.map((request) => request.headers['x-ops-timestamp'])
    assert.equal(new Set(stamps).size, 4, `each attempt signed afresh: ${stamps.join(' ')}`)
    assert.equal(new Set(server.seen.map((request) => request.headers['x-ops-authorization-1'])).size, 4)
  })

  it('gives up after the limit with exit 7 and says how many attempts', async () => {
    const server = await serve((_request, res) => json(res, 503, {error: ['Service Unavailable: maintenance']}))
    const error = await rejection(clientFor(server, {retry: {...FAST, limit: 2}}).get('pushy/jobs'))
    assert.equal(server.seen.length, 3)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.equal(error.status, 503)
    assert.equal(error.message, 'Service Unavailable: maintenance')
    assert.match(error.hint ?? '', /gave up after 3 attempts/)
    assert.ok(server.seen.every((request) => request.verified.ok))
  })

  it('stops when the next wait would pass the time budget', async () => {
    const server = await serve((_request, res) => json(res, 500, {error: 'boom'}))
    // Waits are 25–50 ms (jittered), so a 500 ms budget allows at most 1 + 500 / 25 = 21 attempts,
    // well under the limit of 50: stopping there means the budget stopped it. The budget is wide so
    // that a loaded machine still answers the first attempt in time for a retry (at least 2).
    const error = await rejection(clientFor(server, {retry: {limit: 50, baseDelayMs: 50, maxDelayMs: 50, budgetMs: 500}}).get('nodes'))
    assert.equal(error.exitCode, ExitCode.Server)
    assert.ok(server.seen.length >= 2 && server.seen.length <= 21, `${server.seen.length} attempts`)
  })

  it('honours Retry-After, and gives up at once when it is past the budget', async () => {
    const waited = await serve((_request, res) => (waited.seen.length === 1 ? json(res, 429, {error: ['slow down']}, {'Retry-After': '1'}) : json(res, 200, [])))
    const started = Date.now()
    await clientFor(waited).get('nodes')
    assert.ok(Date.now() - started >= 950, 'waited the second the server asked for')

    const refused = await serve((_request, res) => json(res, 503, {error: ['down for an hour']}, {'Retry-After': '3600'}))
    const error = await rejection(clientFor(refused).get('nodes'))
    assert.equal(refused.seen.length, 1)
    assert.equal(error.message, 'down for an hour')
  })

  it('a truncated body is retried, then reported as a network error', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': '100'})
      res.write('{"partial":')
      setTimeout(() => res.destroy(), 5)
    })
    const error = await rejection(clientFor(server, {retry: {...FAST, limit: 1}}).get('nodes'))
    assert.equal(server.seen.length, 2)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /GET http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/nodes failed: .*\(gave up after 2 attempts\)/)
    assert.doesNotMatch(error.message, /partial/)
  })
})

describe('POST is never repeated', () => {
  it('a 502 is sent once, exit 7, with the uncertain hint', async () => {
    const server = await serve((_request, res) => json(res, 502, {error: ['Bad Gateway']}))
    const error = await rejection(clientFor(server).post('pushy/jobs', {command: 'x', nodes: ['a']}, {uncertainHint: UNCERTAIN}))
    assert.equal(server.seen.length, 1)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.equal(error.status, 502)
    assert.equal(error.hint, UNCERTAIN)
  })

  it('a reset after sending is sent once, exit 7, with the uncertain hint', async () => {
    const server = await serve((_request, _res, req) => req.socket.destroy())
    const error = await rejection(clientFor(server).post('pushy/jobs', {command: 'x', nodes: ['a']}, {uncertainHint: UNCERTAIN}))
    assert.equal(server.seen.length, 1)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /^POST http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/pushy\/jobs failed: the connection was closed by the server/)
    assert.ok(error.hint?.includes(UNCERTAIN))
  })

  it('a timeout is sent once and uncertain', async () => {
    const server = await serve(() => {})
    const error = await rejection(clientFor(server, {timeoutMs: 80}).post('pushy/jobs', {}, {uncertainHint: UNCERTAIN}))
    assert.equal(server.seen.length, 1)
    assert.match(error.message, /timed out waiting for (data|the response) after 80 ms/)
    assert.ok(error.hint?.includes(UNCERTAIN))
  })

  it('connection refused says nothing was sent', async () => {
    const port = await closedPort()
    const client = createChefClient({settings: settingsFor(`http://127.0.0.1:${port}/organizations/acme`)})
    const error = await rejection(client.post('pushy/jobs', {}, {uncertainHint: UNCERTAIN}))
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.hint ?? '', /not sent/)
    assert.doesNotMatch(error.hint ?? '', /may have been created/)
  })
})

describe('errors carry the server\'s words and the right exit code', () => {
  const answer = (status: number, body: string, type = 'application/json'): Handler => (_request, res) => {
    res.writeHead(status, {'Content-Type': type})
    res.end(body)
  }

  it('400 with a plain string: exit 2, message exactly the server\'s', async () => {
    const server = await serve(answer(400, '{"error":"invalid key supplied"}'))
    const error = await rejection(clientFor(server).post('pushy/jobs', {env: {}}))
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.equal(error.status, 400)
    assert.equal(error.message, 'invalid key supplied')
  })

  it('400 with an array: joined with "; "; 413 is a usage error too', async () => {
    const server = await serve((request, res) =>
      request.method === 'PUT' ? json(res, 413, {error: 'JSON must be no more than 1000000 bytes.'}) : json(res, 400, {error: ['missing header X', 'and Y']}),
    )
    const error = await rejection(clientFor(server).get('nodes'))
    assert.equal(error.message, 'missing header X; and Y')
    assert.equal(error.exitCode, ExitCode.Usage)
    const tooBig = await rejection(clientFor(server).put('nodes/x', {}))
    assert.equal(tooBig.exitCode, ExitCode.Usage)
    assert.equal(tooBig.message, 'JSON must be no more than 1000000 bytes.')
  })

  it('401 about the clock: the clock hint', async () => {
    const server = await serve(answer(401, `{"error":["Failed to authenticate as ${USER}. Synchronize the clock on your host."]}`))
    const error = await rejection(clientFor(server).get('nodes'))
    assert.equal(error.exitCode, ExitCode.Auth)
    assert.equal(error.status, 401)
    assert.match(error.message, /Synchronize the clock/)
    assert.match(error.hint ?? '', /clock/)
    assert.doesNotMatch(error.hint ?? '', /private key/)
  })

  it('401 otherwise: names the user and the key to check', async () => {
    const server = await serve(answer(401, `{"error":["Invalid signature for user or client '${USER}'"]}`))
    const error = await rejection(clientFor(server).get('nodes'))
    assert.equal(error.exitCode, ExitCode.Auth)
    assert.match(error.hint ?? '', new RegExp(`node_name '${USER}'.*the test key`))
  })

  it('403: the push job groups', async () => {
    const server = await serve(answer(403, `{"error":["User or client '${USER}' does not have access to that action on this server."]}`))
    const error = await rejection(clientFor(server).post('pushy/jobs', {}))
    assert.equal(error.exitCode, ExitCode.Auth)
    assert.match(error.hint ?? '', /pushy_job_readers/)
    assert.match(error.hint ?? '', /pushy_job_writers/)
  })

  it('404 with webmachine\'s HTML page: exit 6, no HTML printed, an excerpt with -V', async () => {
    const lines: string[] = []
    const server = await serve(answer(404, '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD><BODY><H1>Not Found</H1>mochiweb+webmachine web server</BODY></HTML>', 'text/html'))
    const error = await rejection(clientFor(server, {verbose: (line) => lines.push(line)}).get('pushy/jobs/nope'))
    assert.equal(error.exitCode, ExitCode.NotFound)
    assert.equal(error.status, 404)
    assert.match(error.message, /^the server answered 404 Not Found to GET http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/pushy\/jobs\/nope$/)
    assert.ok(lines.some((line) => line.includes('text/html') && line.includes('Not Found mochiweb+webmachine') && !line.includes('<')))
  })

  it('500 HTML page: exit 7 without the page', async () => {
    const server = await serve(answer(500, '<html><body><h1>Internal Server Error</h1><pre>stack trace</pre></body></html>', 'text/html'))
    const error = await rejection(clientFor(server, {retry: {limit: 0}}).get('nodes'))
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /^the server answered 500 Internal Server Error to GET /)
    assert.doesNotMatch(error.message, /<|stack trace/)
  })

  it('garbage or empty JSON on a 200: exit 7, the body not printed', async () => {
    const server = await serve((request, res) => (request.url.endsWith('empty') ? res.end() : answer(200, '{"id": nope <html>')(request, res, undefined as never)))
    const garbage = await rejection(clientFor(server).get('pushy/jobs/1'))
    assert.equal(garbage.exitCode, ExitCode.Server)
    assert.match(garbage.message, /with a body that is not JSON$/)
    assert.doesNotMatch(garbage.message, /nope/)
    const empty = await rejection(clientFor(server).get('pushy/empty'))
    assert.match(empty.message, /with an empty body$/)
  })

  it('a redirect is not followed: exit 7, says where it pointed', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(301, {Location: 'https://chef.example.invalid/organizations/acme/nodes'})
      res.end()
    })
    const error = await rejection(clientFor(server).get('nodes'))
    assert.equal(server.seen.length, 1)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /301 Moved Permanently .*redirect to https:\/\/chef\.example\.invalid/)
    assert.match(error.hint ?? '', /chef_server_url/)
  })

  it('connection refused names the URL and that nothing is listening', async () => {
    const port = await closedPort()
    const client = createChefClient({settings: settingsFor(`http://127.0.0.1:${port}/organizations/acme`), retry: FAST})
    const error = await rejection(client.get('pushy/jobs'))
    assert.equal(error.exitCode, ExitCode.Server)
    assert.ok(error.message.includes(`http://127.0.0.1:${port}/organizations/acme/pushy/jobs`), error.message)
    assert.match(error.message, /gave up after 5 attempts/)
    assert.match(error.hint ?? '', new RegExp(`nothing is listening at http://127\\.0\\.0\\.1:${port}`))
  })

  it('an unresolvable host names the host', async () => {
    const client = createChefClient({settings: settingsFor('http://pushy-test.invalid/organizations/acme'), retry: {limit: 0}})
    const error = await rejection(client.get('nodes'))
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /cannot resolve the host name pushy-test\.invalid/)
    assert.match(error.hint ?? '', /chef_server_url/)
  })

  it('a GET timeout names the phase and the limit', async () => {
    const server = await serve(() => {})
    const error = await rejection(clientFor(server, {timeoutMs: 60, retry: {limit: 1, baseDelayMs: 1, maxDelayMs: 1}}).get('nodes'))
    assert.equal(server.seen.length, 2)
    assert.equal(error.exitCode, ExitCode.Server)
    assert.match(error.message, /timed out waiting for (data|the response) after 60 ms \(gave up after 2 attempts\)/)
  })
})

describe('verbose', () => {
  it('one line per request and response, signature headers redacted', async () => {
    const lines: string[] = []
    const server = await serve(echo)
    await clientFor(server, {verbose: (line) => lines.push(line)}).post('pushy/jobs', {command: 'x'})
    const request = server.seen[0]
    assert.equal(lines[0], `POST ${server.chefServerUrl}/pushy/jobs`)
    assert.match(lines.at(-1) ?? '', new RegExp(`^← 201 POST ${server.chefServerUrl}/pushy/jobs \\(\\d+ ms\\)$`))
    const all = lines.join('\n')
    assert.match(all, /X-Ops-Userid: pivotal/)
    assert.match(all, /X-Ops-Authorization-\*, X-Ops-Content-Hash: \[7 headers redacted\]/)
    for (const [name, value] of Object.entries(request.headers)) {
      if (/^x-ops-(authorization-\d+|content-hash)$/.test(name)) assert.ok(!all.includes(String(value)), `${name} leaked`)
    }
  })
})
