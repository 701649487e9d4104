// client.stream: the event feed's transport (got, like every request), signed, with the same
// error meanings as any request.
import assert from 'node:assert/strict'
import {once} from 'node:events'
import {after, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import {closedPort, serverSet, settingsFor, type TestServer} from './signed-server.js'

const {serve, closeAll} = serverSet()
after(closeAll)

const clientFor = (server: TestServer, signal?: AbortSignal) => createChefClient({settings: settingsFor(server.chefServerUrl), signal})

describe('client.stream', () => {
  it("signs the call, sends the caller's headers and streams the body before it ends", async () => {
    let closed!: Promise<unknown>
    const server = await serve((_request, res, req) => {
      closed = once(req.socket, 'close')
      res.writeHead(200, {'Content-Type': 'text/event-stream'})
      res.write('id: 7\ndata: first\n\n')
    })
    const controller = new AbortController()
    const response = await clientFor(server).stream('pushy/job_status_feed', {accept: 'text/event-stream', headers: {'Last-Event-ID': '6'}, signal: controller.signal})

    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/event-stream')
    const reader = response.body!.getReader()
    const first = await reader.read()
    assert.equal(new TextDecoder().decode(first.value), 'id: 7\ndata: first\n\n')

    const [request] = server.seen
    assert.equal(request.verified.ok, true)
    assert.equal(request.headers.accept, 'text/event-stream')
    assert.equal(request.headers['last-event-id'], '6')
    assert.equal(request.headers['x-ops-server-api-version'], '1')
    assert.match(request.headers['user-agent'] ?? '', /^pushy\//)

    controller.abort()
    await closed
    await assert.rejects(reader.read())
  })

  it('turns a non-2xx answer into the PushyError any request gives, and never retries', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(403, {'Content-Type': 'application/json'})
      res.end(JSON.stringify({error: ['missing read permission']}))
    })
    await assert.rejects(clientFor(server).stream('pushy/job_status_feed'), (error: PushyError) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, ExitCode.Auth)
      assert.equal(error.status, 403)
      assert.equal(error.message, 'missing read permission')
      assert.match(error.hint ?? '', /pushy_job_readers/)
      return true
    })
    assert.equal(server.seen.length, 1)
  })

  it('says what a 5xx HTML page is without printing it', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(503, {'Content-Type': 'text/html'})
      res.end('<h1>down</h1>')
    })
    await assert.rejects(clientFor(server).stream('pushy/job_status_feed'), (error: PushyError) => error.exitCode === ExitCode.Server && error.status === 503 && !error.message.includes('<h1>'))
    assert.equal(server.seen.length, 1)
  })

  it('rejects network errors with a PushyError; Ctrl-C (the client signal) is exit 130', async () => {
    const port = await closedPort()
    const client = createChefClient({settings: settingsFor(`http://127.0.0.1:${port}/organizations/acme`)})
    await assert.rejects(client.stream('pushy/job_status_feed'), (error: PushyError) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, ExitCode.Server)
      assert.match(error.hint ?? '', /nothing is listening/)
      return true
    })
    const interrupted = createChefClient({settings: settingsFor(`http://127.0.0.1:${port}/organizations/acme`), signal: AbortSignal.abort()})
    await assert.rejects(interrupted.stream('pushy/job_status_feed'), (error: PushyError) => error.exitCode === ExitCode.Interrupted)
  })
})
