// The benchmark's Push Jobs server: a separate process (so the CLI process is measured alone)
// running the built zero server from a dist/ snapshot. It instruments, without changing, the
// server: every HTTP request's start/finish (node:diagnostics_channel) for the request count and
// the peak number in flight, and the moment each `job_complete` SSE event is written to a socket.
// Plain .mjs: it imports built JavaScript, which has no type declarations.
//
// argv[2]: JSON {dist, stateDir, fleet, timings}. Talks to the bench over IPC (child_process.fork):
//   → {type: 'ready', url, keyPath, userName, port}
//   ← {type: 'stats', reset?}   → {type: 'stats', requests, inFlightMax, connectionsMax, completes}
//   ← {type: 'close'}           → closes the server and exits
import {subscribe} from 'node:diagnostics_channel'
import {ServerResponse} from 'node:http'
import {pathToFileURL} from 'node:url'

const options = JSON.parse(process.argv[2])
/** wall-clock milliseconds with sub-ms precision, comparable across processes */
const wallNow = () => performance.timeOrigin + performance.now()

let inFlight = 0
let inFlightMax = 0
/** per request: method, url, start and finish (wall ms) */
let log = []
/** each job_complete written: wall ms and the job id when the event carries it */
let completes = []

subscribe('http.server.request.start', ({request, response}) => {
  inFlight++
  inFlightMax = Math.max(inFlightMax, inFlight)
  const entry = {method: request.method, url: request.url, start: wallNow(), end: 0}
  log.push(entry)
  let done = false
  const finish = () => {
    if (done) return
    done = true
    inFlight--
    entry.end = wallNow()
  }
  response.once('finish', finish)
  response.once('close', finish)
})

// Connections open at once: what the CLI has outstanding. (Requests "in flight" above count only
// what the server is handling at one moment, and it answers most of them in a single tick.)
let open = 0
let openMax = 0
subscribe('net.server.socket', ({socket}) => {
  open++
  openMax = Math.max(openMax, open)
  socket.once('close', () => open--)
})

const write = ServerResponse.prototype.write
ServerResponse.prototype.write = function (chunk, ...rest) {
  const result = write.call(this, chunk, ...rest)
  if (typeof chunk === 'string' && chunk.startsWith('event: job_complete\n')) {
    completes.push({at: wallNow(), url: this.req?.url ?? ''})
  }
  return result
}

const {startZeroServer} = await import(pathToFileURL(`${options.dist}/lib/zero/server.js`).href)
const server = await startZeroServer({port: 0, stateDir: options.stateDir, fleet: options.fleet, timings: options.timings})

// Never outlive the bench: exit when it goes away.
process.on('disconnect', () => void server.close().finally(() => process.exit(0)))
process.on('message', (message) => {
  if (message.type === 'stats') {
    process.send({type: 'stats', requests: log, inFlightMax, connectionsMax: openMax, completes})
    if (message.reset) {
      log = []
      completes = []
      inFlightMax = inFlight
      openMax = open
    }
  } else if (message.type === 'close') {
    void server.close().finally(() => process.exit(0))
  }
})
process.send({type: 'ready', url: server.url, keyPath: server.keyPath, userName: server.userName, port: server.port})
