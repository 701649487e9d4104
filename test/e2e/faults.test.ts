// Issue 5: what pushy does when the network or the server misbehaves: pushy's commands (in-process,
// helpers/in-process.ts; the built CLI in a child process for Ctrl-C) against a zero server
// behind a scriptable proxy (test/helpers/fault-proxy.ts).
// docs/exit-codes.md: GETs are retried up to 4 more times with backoff on 5xx, 429 and connection
// errors; a job POST is never repeated; errors are one `Error:` line, no stack trace.
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {after, afterEach, before, describe, test} from 'node:test'
import {makeHome, runCli, type CliResult} from '../helpers/cli.js'
import {runFast} from '../helpers/in-process.js'
import {startFaultProxy, type FaultProxy, type FaultRule} from '../helpers/fault-proxy.js'
import {fleetNode, fleetOf, getJob, JOB_ID, makeTempDir, sortedNodes, startJob, startTestServer, strangerKey, waitForJobStatus, type TestServer} from '../helpers/zero.js'

let ts: TestServer
let proxy: FaultProxy
let home: string

// n*: quick nodes for GET/POST faults; f*: slow enough that feed reconnects happen mid-run;
// i*: the job a Ctrl-C leaves running. Separate nodes so a job still running never nacks the next.
const quick = ['n1', 'n2', 'n3']

before(async () => {
  ts = await startTestServer({
    fleet: fleetOf(
      ...quick.map((name) => fleetNode(name, {delayMs: 20, runList: ['role[webapp]']})),
      // long enough that the job is still running after four reconnects on a loaded machine: a
      // finished job's feed answers a late reconnect with one `summary`, ending the feed early
      ...['f1', 'f2', 'f3'].map((name) => fleetNode(name, {delayMs: 6000})),
      ...['i1', 'i2'].map((name) => fleetNode(name, {delayMs: 1500})),
    ),
  })
  proxy = await startFaultProxy(ts.server.url)
  home = makeHome({url: proxy.url, userName: ts.userName, keyPath: ts.server.keyPath})
})

after(async () => {
  await proxy?.close()
  await ts?.close()
})

afterEach(() => proxy.clearRules())

/** the line that says a request is being tried again (client.ts noticeRetrying) */
const RETRY_NOTICE = /^Warning: (GET|POST) \S+: .+; trying again \(at most \d+ more attempts?; -V shows each\)$/gm

/** stderr lines that carry an error, whatever their decoration */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => /Error:/.test(line))

function assertOneError(result: CliResult, code: number, pattern?: RegExp): string {
  const context = `exit ${result.code}\n--- stderr ---\n${result.stderr}--- stdout ---\n${result.stdout}`
  const lines = errorLines(result.stderr)
  assert.equal(lines.length, 1, `exactly one error line expected:\n${context}`)
  assert.match(lines[0]!, /^Error: /, `the error line starts with "Error: " (no oclif decoration):\n${context}`)
  assert.doesNotMatch(result.stderr, /^\s+at /m, `no stack trace:\n${context}`)
  assert.doesNotMatch(result.stderr, /<html|<!DOCTYPE|<h1>/i, `no HTML on stderr:\n${context}`)
  assert.equal(result.code, code, `exit code:\n${context}`)
  if (pattern) assert.match(lines[0]!, pattern, context)
  return lines[0]!
}

function assertOk(result: CliResult): void {
  assert.equal(result.code, 0, `exit ${result.code}\n--- stderr ---\n${result.stderr}--- stdout ---\n${result.stdout}`)
  assert.deepEqual(errorLines(result.stderr), [], result.stderr)
}

/** Server and proxy logs from here on. */
function mark() {
  const serverAt = ts.requests.length
  const proxyAt = proxy.log.length
  return {
    server: (method: string, path: RegExp) => ts.requests.slice(serverAt).filter((e) => e.method === method && path.test(e.url)),
    proxy: (method: string, path: RegExp) => proxy.log.slice(proxyAt).filter((e) => e.method === method && path.test(e.url)),
  }
}

const JOBS_POST = /\/pushy\/jobs$/
const cli = (args: string[]) => runFast(args, {home})

async function finishedJobId(): Promise<string> {
  const {id} = await startJob(ts, {command: 'chef-client', nodes: ['n1'], quorum: 1})
  await waitForJobStatus(ts, id, 'complete')
  return id
}

describe('GETs: transient failures are cured by retries', () => {
  let jobId = ""
  before(async () => {
    jobId = await finishedJobId()
  })

  const cases: Array<{name: string; args: () => string[]; rule: () => FaultRule; forwardedPath: () => RegExp; stdout?: RegExp}> = [
    {
      name: 'job status: two 502s (JSON) in a row',
      args: () => ['job', 'status', jobId],
      rule: () => ({method: 'GET', path: new RegExp(`/pushy/jobs/${jobId}$`), times: 2, fault: {type: 'status', status: 502, json: {error: ['Bad Gateway']}}}),
      forwardedPath: () => new RegExp(`/pushy/jobs/${jobId}$`),
      stdout: /status:\s+complete/,
    },
    {
      name: 'job list: a 503 HTML page',
      args: () => ['job', 'list'],
      rule: () => ({method: 'GET', path: /\/pushy\/jobs$/, times: 1, fault: {type: 'status', status: 503, html: true}}),
      forwardedPath: () => /\/pushy\/jobs$/,
      stdout: new RegExp(`id:\\s+${jobId}`),
    },
    {
      name: 'job list: the connection reset after the server answered',
      args: () => ['job', 'list'],
      rule: () => ({method: 'GET', path: /\/pushy\/jobs$/, times: 1, fault: {type: 'reset', forward: true}}),
      forwardedPath: () => /\/pushy\/jobs$/,
      stdout: new RegExp(`id:\\s+${jobId}`),
    },
    {
      name: 'node status: the connection reset before anything was forwarded',
      args: () => ['node', 'status'],
      rule: () => ({method: 'GET', path: /\/pushy\/node_states$/, times: 1, fault: {type: 'reset', forward: false}}),
      forwardedPath: () => /\/pushy\/node_states$/,
      stdout: /n1\tavailable/,
    },
    {
      name: 'node status n1: a truncated body (Content-Length larger than what came)',
      args: () => ['node', 'status', 'n1'],
      rule: () => ({method: 'GET', path: /\/pushy\/node_states\/n1$/, times: 1, fault: {type: 'truncate'}}),
      forwardedPath: () => /\/pushy\/node_states\/n1$/,
      stdout: /n1\tavailable/,
    },
    {
      name: 'node status --search: a 502 on the search',
      args: () => ['node', 'status', '--search', 'role:webapp'],
      rule: () => ({path: /\/search\/node/, times: 1, fault: {type: 'status', status: 502, html: true}}),
      forwardedPath: () => /\/search\/node/,
      stdout: /n1\tavailable/,
    },
  ]

  for (const c of cases) {
    test(c.name, async () => {
      const logs = mark()
      const rule = proxy.add(c.rule())
      const result = await cli(c.args())
      assertOk(result)
      assert.equal(rule.hits, rule.times, `the fault was met ${rule.hits} times`)
      // the wait is not silence: the first retry is said once, on stderr
      assert.equal(result.stderr.match(RETRY_NOTICE)?.length, 1, result.stderr)
      if (c.stdout) assert.match(result.stdout, c.stdout)
      // Each failed attempt was followed by one more: the last one reached the server and answered.
      const path = c.forwardedPath()
      const seen = logs.proxy(rule.method ?? 'GET', path).concat(rule.method ? [] : logs.proxy('POST', path))
      assert.ok(seen.length >= (rule.times ?? 1) + 1, `retried: ${seen.length} requests`)
      const method = seen.at(-1)!.method
      assert.ok(logs.server(method, path).length >= 1, 'the retry reached the server')
    })
  }
})

describe('GETs: failures past the retry budget', () => {
  // Each of these takes the whole backoff (~0.5 + 1 + 2 + 4 s), so they run side by side.
  test('503 JSON, reset, HTML 500 page, truncated body every time: exit 7 with one Error line each', async () => {
    const a = await finishedJobId()
    const b = await finishedJobId()
    const c = await finishedJobId()
    const logs = mark()
    const jobPath = (id: string) => new RegExp(`/pushy/jobs/${id}$`)
    proxy.add({method: 'GET', path: jobPath(a), fault: {type: 'status', status: 503, json: {error: ['Service Unavailable: pushy is restarting']}}})
    proxy.add({method: 'GET', path: /\/pushy\/jobs$/, fault: {type: 'reset', forward: false}})
    proxy.add({method: 'GET', path: jobPath(b), fault: {type: 'status', status: 500, html: true}})
    proxy.add({method: 'GET', path: jobPath(c), fault: {type: 'truncate'}})
    const started = Date.now()
    const [status503, list, status500, truncated] = await Promise.all([
      cli(['job', 'status', a]),
      cli(['job', 'list']),
      cli(['job', 'status', b]),
      cli(['job', 'status', c]),
    ])
    const elapsed = Date.now() - started

    for (const result of [status503, list, status500, truncated]) assert.equal(result.stderr.match(RETRY_NOTICE)?.length, 1, result.stderr)
    assert.match(status503.stderr, /^Warning: GET \S+\/pushy\/jobs\/\w+: the server answered 503; trying again \(at most 4 more attempts; -V shows each\)$/m)
    assert.match(list.stderr, /^Warning: GET \S+\/pushy\/jobs: connection closed by the server; trying again/m)
    const line503 = assertOneError(status503, 7, /pushy is restarting/)
    assert.match(line503, /5 attempts|gave up/i, 'says that it retried')
    const listLine = assertOneError(list, 7, /closed|reset/i)
    assert.match(listLine, /5 attempts|gave up/i, 'says that it retried')
    const line500 = assertOneError(status500, 7, /500/)
    assert.doesNotMatch(line500, /nginx|bad day/, 'the HTML page is not printed')
    assert.match(line500, /5 attempts|gave up/i, 'says that it retried')
    const truncatedLine = assertOneError(truncated, 7)
    assert.match(truncatedLine, /5 attempts|gave up/i, 'says that it retried')

    // 1 attempt + 4 retries each, backing off 0.5 s doubling: a few seconds, well inside 30 s
    for (const [what, path] of [['job status (503)', jobPath(a)], ['job list (reset)', /\/pushy\/jobs$/], ['job status (HTML 500)', jobPath(b)], ['job status (truncated)', jobPath(c)]] as const) {
      assert.equal(logs.proxy('GET', path).length, 5, `${what}: 1 + 4 attempts`)
    }
    assert.ok(elapsed >= 2_000, `backed off between attempts (${elapsed} ms)`)
    assert.ok(elapsed < 30_000, `gave up within the budget (${elapsed} ms)`)
  })
})

describe('job start: a POST that fails after sending is never repeated', () => {
  const cases: Array<{name: string; rule: FaultRule; reachesServer: boolean}> = [
    {name: '502 from a gateway after the server created the job', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'status', status: 502, html: true, forward: true}}, reachesServer: true},
    {name: 'connection reset after the server created the job', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'reset', forward: true}}, reachesServer: true},
    {name: 'connection reset before the server saw it', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'reset', forward: false}}, reachesServer: false},
    {name: 'HTML 500 page', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'status', status: 500, html: true}}, reachesServer: false},
    {name: '201 with garbage JSON', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'garbage', forward: true}}, reachesServer: true},
    {name: '201 with a truncated body', rule: {method: 'POST', path: JOBS_POST, fault: {type: 'truncate'}}, reachesServer: true},
  ]

  for (const c of cases) {
    test(c.name, async () => {
      const logs = mark()
      proxy.add(c.rule)
      const result = await cli(['job', 'start', 'chef-client', 'n1', 'n2'])
      const line = assertOneError(result, 7)
      assert.match(line, /may (have been created|exist)/i, 'says the job may exist')
      assert.match(line, /pushy job list/, 'says how to check')
      assert.equal(logs.proxy('POST', JOBS_POST).length, 1, 'exactly one POST left pushy')
      assert.equal(logs.server('POST', JOBS_POST).length, c.reachesServer ? 1 : 0, 'POSTs that reached the server')
      assert.equal(logs.proxy('GET', /job_status_feed/).length, 0, 'no waiting on a job whose id is unknown')
      assert.equal(result.stdout, '', 'nothing on stdout')
    })
  }
})

describe('bodies that are not what was asked for (GET job status)', () => {
  let jobId = ""
  before(async () => {
    jobId = await finishedJobId()
  })

  test('200 with garbage JSON: exit 7, one Error line naming the request, not the body', async () => {
    proxy.add({method: 'GET', path: new RegExp(`/pushy/jobs/${jobId}$`), fault: {type: 'garbage', forward: false}})
    const result = await cli(['job', 'status', jobId])
    const line = assertOneError(result, 7, /not JSON/i)
    assert.doesNotMatch(line, /compl$|"status": compl/, 'the garbage itself is not printed')
  })
})

describe('authentication', () => {
  test('clock skew (401 with the server\'s message): exit 5, the clock hint', async () => {
    proxy.add({method: 'GET', path: /\/pushy\/jobs$/, fault: {type: 'clock-skew'}})
    const logs = mark()
    const result = await cli(['job', 'list'])
    const line = assertOneError(result, 5, /Synchronize the clock/)
    assert.match(line, /Hint: .*clock/i)
    assert.equal(logs.proxy('GET', /\/pushy\/jobs$/).length, 1, 'a 401 is not retried')
  })

  test('a key the server does not know: exit 5, the key hint', async () => {
    const dir = makeTempDir('pushy-stranger-')
    const keyPath = join(dir, 'stranger.pem')
    writeFileSync(keyPath, strangerKey().export({type: 'pkcs1', format: 'pem'}))
    const result = await cli(['job', 'list', '-k', keyPath])
    const line = assertOneError(result, 5)
    assert.match(line, /Hint: .*key/i)
    assert.ok(line.includes(keyPath) || /private key/.test(line), 'names the key')
    assert.doesNotMatch(line, /clock/i, 'not the clock hint')
  })
})

describe('the job feed dropped mid-job', () => {
  test('resumes with Last-Event-ID, shows every node transition once, exit 0', async () => {
    const logs = mark()
    // Four drops, each after two whole events; one of them cuts the next event in half.
    proxy.add({method: 'GET', path: /job_status_feed\//, times: 1, fault: {type: 'cut', afterEvents: 2}})
    proxy.add({method: 'GET', path: /job_status_feed\//, times: 1, fault: {type: 'cut', afterEvents: 2, partialBytes: 30}})
    proxy.add({method: 'GET', path: /job_status_feed\//, times: 2, fault: {type: 'cut', afterEvents: 2}})
    const result = await cli(['job', 'start', '-V', 'chef-client', 'f1', 'f2', 'f3'])
    assertOk(result)
    assert.match(result.stdout, /status:\s+complete/)
    assert.match(result.stdout, /succeeded:\n\s+f1\n\s+f2\n\s+f3\n/)

    const feeds = logs.proxy('GET', /job_status_feed\//)
    assert.ok(feeds.length >= 5, `four drops, then a whole connection: ${feeds.length} connections`)
    assert.deepEqual(
      feeds.slice(0, 5).map((e) => e.headers['last-event-id']),
      [undefined, 'job-2', 'job-4', 'job-6', 'job-8'],
      'each reconnect resumes after the last whole event',
    )

    const transitions = result.stderr.split('\n').filter((line) => /^ {2}\S+: \S+ -> \S+$/.test(line))
    assert.equal(new Set(transitions).size, transitions.length, `no transition twice:\n${transitions.join('\n')}`)
    for (const node of ['f1', 'f2', 'f3']) {
      const mine = transitions.filter((line) => line.startsWith(`  ${node}:`))
      assert.deepEqual(mine, [`  ${node}: new -> ready`, `  ${node}: ready -> running`, `  ${node}: running -> succeeded`], `${node}:\n${result.stderr}`)
    }
    assert.equal(result.stderr.match(/^Complete\.$/gm)?.length, 1, 'the final state once')
  })
})

describe('Ctrl-C while waiting', () => {
  test('prints the job id and `pushy job watch ID`, exit 130, and the job runs on', async () => {
    const logs = mark()
    const result = await runCli(['job', 'start', 'chef-client', 'i1', 'i2'], {home, interruptWhen: /Started/})
    const id = /Job ID: ([0-9a-f]{32})/.exec(result.stderr)?.[1]
    assert.ok(id && JOB_ID.test(id), `a job id on stderr:\n${result.stderr}`)
    assert.equal(result.code, 130, result.stderr)
    assert.match(result.stderr, new RegExp(`pushy job watch ${id}`))
    assert.equal(errorLines(result.stderr).length <= 1, true, `at most one error line:\n${result.stderr}`)
    assert.doesNotMatch(result.stderr, /^\s+at /m)

    // Untouched on the server: still going right after, then complete with both nodes succeeded.
    const right = await getJob(ts, id)
    assert.ok(['voting', 'running', 'new'].includes(right.status), `still running after Ctrl-C: ${right.status}`)
    const job = await waitForJobStatus(ts, id, 'complete', 10_000)
    assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['i1', 'i2']})
    assert.deepEqual(
      logs.server('POST', /./).map((e) => e.url).concat(logs.server('PUT', /./).map((e) => e.url)),
      [`${ts.pushy}/jobs`],
      'pushy sent nothing but the job POST (no abort)',
    )
  })
})
