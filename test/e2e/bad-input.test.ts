// Issue 5: bad input through the real CLI against a zero server. Every case must give exactly one
// `Error:` line that says what to do, the documented exit code (docs/exit-codes.md: 2 usage,
// 5 auth, 6 not found), no stack trace, and — when the input alone is wrong — no request at all
// (the server's request log is unchanged). A few inputs that look odd but are valid are checked
// to be accepted.
import assert from 'node:assert/strict'
import {createPrivateKey} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {after, before, describe, test} from 'node:test'
import {runFast} from '../helpers/in-process.js'
import {makeHome, type CliResult} from '../helpers/cli.js'
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.js'
import {fixtureKeyPem} from '../helpers/keys.js'
import {fleetNode, fleetOf, getJob, makeTempDir, startTestServer, waitForJobStatus, type TestServer} from '../helpers/zero.js'

const UNICODE_COMMAND = 'déployer-☃-日本'

let ts: TestServer
let home: string
let files: string

before(async () => {
  ts = await startTestServer({
    fleet: fleetOf(
      ...['n1', 'n2', 'n3'].map((name) => fleetNode(name, {runList: ['role[webapp]'], whitelist: {'chef-client': 'true', [UNICODE_COMMAND]: 'true'}})),
    ),
  })
  home = makeHome({url: ts.server.url, userName: ts.userName, keyPath: ts.server.keyPath})
  files = makeTempDir('pushy-bad-input-')
  writeFileSync(join(files, 'big.txt'), 'a'.repeat(100_001))
  writeFileSync(join(files, 'exactly-100000.txt'), 'a'.repeat(100_000))
  writeFileSync(join(files, 'not-pem.pem'), 'this is not a key\n')
  const privateKey = createPrivateKey(fixtureKeyPem('pool-1'))
  writeFileSync(join(files, 'encrypted.pem'), privateKey.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret'}))
  writeFileSync(
    join(files, 'broken-config.rb'),
    // line 4 opens a string that the file never closes
    ['current_dir = File.dirname(__FILE__)', `chef_server_url "${ts.server.url}"`, `client_key "${ts.server.keyPath}"`, 'node_name "pushy', ''].join('\n'),
  )
  writeFileSync(join(files, 'no-url-config.rb'), [`node_name "${ts.userName}"`, `client_key "${ts.server.keyPath}"`, ''].join('\n'))
})

after(async () => {
  await ts?.close()
})

/** A HOME whose ~/.chef/credentials has a `default` profile pointing at the server. */
function homeWithCredentials(): string {
  const dir = makeHome()
  mkdirSync(join(dir, '.chef'))
  writeFileSync(
    join(dir, '.chef', 'credentials'),
    `[default]\nclient_name = "${ts.userName}"\nclient_key = "${ts.server.keyPath}"\nchef_server_url = "${ts.server.url}"\n`,
  )
  return dir
}

/** A HOME whose ~/.chef/config.rb does not parse (line 4 opens a string it never closes). */
function homeWithBrokenConfig(): string {
  const dir = makeHome()
  mkdirSync(join(dir, '.chef'))
  writeFileSync(join(dir, '.chef', 'config.rb'), ['# knife config', `chef_server_url "${ts.server.url}"`, `client_key "${ts.server.keyPath}"`, 'node_name "pushy', ''].join('\n'))
  return dir
}

const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => /Error:/.test(line))

const describeResult = (result: CliResult, requests: string[]): string =>
  `exit ${result.code}\n--- stderr ---\n${result.stderr}--- stdout ---\n${result.stdout}--- requests ---\n${requests.join('\n')}`

const UNKNOWN_ID = '0123456789abcdef0123456789abcdef'

interface BadInput {
  name: string
  args: () => string[]
  code: number
  /** what the one error line must say (the problem and/or what to do) */
  says: RegExp
  /** what it must not say */
  not?: RegExp
  /** requests the input may cause ("METHOD path-regex"), in order; none when left out */
  requests?: Array<[string, RegExp]>
  home?: () => string
}

const start = (...rest: string[]) => ['job', 'start', ...rest]

const cases: BadInput[] = [
  // --quorum
  {name: 'quorum abc', args: () => start('chef-client', 'n1', '-q', 'abc'), code: 2, says: /quorum 'abc'.*whole number.*percentage/, not: /9007199254740991/},
  {name: 'quorum 0%', args: () => start('chef-client', 'n1', '-q', '0%'), code: 2, says: /quorum '0%'.*1% to 100%/},
  {name: 'quorum 150%', args: () => start('chef-client', 'n1', '-q', '150%'), code: 2, says: /quorum '150%'.*1% to 100%/},
  {name: 'quorum -1', args: () => start('chef-client', 'n1', '-q', '-1'), code: 2, says: /quorum '-1'/, not: /9007199254740991/},
  {name: 'quorum 1.5', args: () => start('chef-client', 'n1', '-q', '1.5'), code: 2, says: /quorum '1\.5'.*whole number/, not: /9007199254740991/},
  {name: 'quorum 5 with 3 named nodes', args: () => start('chef-client', 'n1', 'n2', 'n3', '-q', '5'), code: 2, says: /quorum '5'.*only 3 nodes.*1 to 3/},
  {
    name: 'quorum 5 with 3 nodes found by search: the search runs, no job is POSTed',
    args: () => start('chef-client', '--search', 'role:webapp', '-q', '5'),
    code: 2,
    says: /quorum '5'.*only 3 nodes.*1 to 3/,
    requests: [['POST', /\/search\/node\?/]],
  },
  // --timeout
  {name: '--timeout x', args: () => start('chef-client', 'n1', '--timeout', 'x'), code: 2, says: /--timeout.*positive whole number.*'x'/},
  {name: '--timeout 0', args: () => start('chef-client', 'n1', '--timeout', '0'), code: 2, says: /--timeout.*positive whole number.*'0'/},
  {name: '--timeout -5', args: () => start('chef-client', 'n1', '--timeout', '-5'), code: 2, says: /--timeout.*positive whole number.*'-5'/},
  // --with-env / -e
  {name: '--with-env not JSON', args: () => start('chef-client', 'n1', '--with-env', '{DEPLOY:1'), code: 2, says: /--with-env is not valid JSON.*Hint: .*\{"DEPLOY_ENV":"prod"\}/},
  {name: '--with-env not an object', args: () => start('chef-client', 'n1', '--with-env', '["A=1"]'), code: 2, says: /--with-env must be a JSON object.*not an array/},
  {name: '--with-env a non-string value', args: () => start('chef-client', 'n1', '--with-env', '{"PORT":8080}'), code: 2, says: /PORT is a number.*must be strings.*Hint: quote it/},
  {name: '-e =x', args: () => start('chef-client', 'n1', '-e', '=x'), code: 2, says: /-e =x: the variable name .* missing/},
  {name: '-e NOVALUE', args: () => start('chef-client', 'n1', '-e', 'NOVALUE'), code: 2, says: /-e NOVALUE: expected KEY=VALUE.*Hint: .*NOVALUE=/},
  // --file
  {name: '--file missing', args: () => start('chef-client', 'n1', '--file', join(files, 'nope.sh')), code: 2, says: /--file .*nope\.sh does not exist/},
  {name: '--file over 100,000 bytes', args: () => start('chef-client', 'n1', '--file', join(files, 'big.txt')), code: 2, says: /100,001 bytes.*at most 100,000/},
  // keys
  {name: 'key missing (-k)', args: () => start('chef-client', 'n1', '-k', join(files, 'missing.pem')), code: 2, says: /missing\.pem does not exist.*Hint: .*-k/},
  {name: 'key not PEM (-k)', args: () => start('chef-client', 'n1', '-k', join(files, 'not-pem.pem')), code: 2, says: /not-pem\.pem is not a PEM private key/},
  {name: 'key encrypted (-k)', args: () => start('chef-client', 'n1', '-k', join(files, 'encrypted.pem')), code: 2, says: /encrypted\.pem is encrypted.*Hint: .*openssl/},
  // configuration
  {name: 'config.rb syntax error (-c) names file and line', args: () => ['job', 'list', '-c', join(files, 'broken-config.rb')], code: 2, says: /broken-config\.rb:4\b/},
  {name: '~/.chef/config.rb syntax error names file and line', args: () => ['job', 'list'], home: homeWithBrokenConfig, code: 2, says: /\.chef\/config\.rb:4\b/},
  {name: 'unknown --profile (credentials exist)', args: () => ['job', 'list', '--profile', 'nosuch'], home: homeWithCredentials, code: 2, says: /profile.*nosuch/},
  {name: 'unknown --profile (no credentials file)', args: () => ['job', 'list', '--profile', 'nosuch'], code: 2, says: /profile "nosuch".*credentials does not exist/},
  {name: 'no chef_server_url configured at all (empty HOME)', args: () => ['job', 'list'], home: () => makeHome(), code: 2, says: /no chef_server_url.*Hint: pass --server-url.*to try pushy without a Chef server, add -z \(local mode\)$/},
  {name: 'config without chef_server_url (-c)', args: () => ['job', 'list', '-c', join(files, 'no-url-config.rb')], code: 2, says: /no chef_server_url.*no-url-config\.rb/},
  {name: '--server-url not a URL', args: () => ['job', 'list', '--server-url', 'chef.example.com'], code: 2, says: /--server-url.*\/organizations\/ORG/},
  // job ids
  {name: 'unknown job id: exit 6 after one GET', args: () => ['job', 'status', UNKNOWN_ID], code: 6, says: new RegExp(`${UNKNOWN_ID} not found.*pushy job list`), requests: [['GET', new RegExp(`/pushy/jobs/${UNKNOWN_ID}$`)]]},
  {name: 'malformed job id (job status)', args: () => ['job', 'status', 'not-a-job-id'], code: 2, says: /'not-a-job-id' is not a job id/},
  {name: 'malformed job id (job watch)', args: () => ['job', 'watch', '12345'], code: 2, says: /'12345' is not a job id/},
  // nodes
  {
    name: 'empty search result: no nodes',
    args: () => start('chef-client', '--search', 'role:nothing-has-this'),
    code: 2,
    says: /no nodes/,
    requests: [['POST', /\/search\/node\?/]],
  },
  {name: 'a 1,000-character node name', args: () => start('chef-client', 'x'.repeat(1000)), code: 2, says: /1000 characters.*at most 255/},
  {name: 'a node name with a space', args: () => start('chef-client', 'web 01'), code: 2, says: /invalid node name 'web 01'.*letters, digits/},
  {name: 'a node name with a /', args: () => start('chef-client', 'web/01'), code: 2, says: /invalid node name 'web\/01'.*letters, digits/},
  {name: 'node status with a bad node name', args: () => ['node', 'status', 'web 01'], code: 2, says: /invalid node name 'web 01'/},
  // waiting
  {name: '--poll-interval 0', args: () => start('chef-client', 'n1', '--poll-interval', '0'), code: 2, says: /--poll-interval must be a positive number/},
  {name: '--wait-timeout abc', args: () => start('chef-client', 'n1', '--wait-timeout', 'abc'), code: 2, says: /--wait-timeout must be a positive number.*'abc'/},
  // flags and arguments
  {name: '-F xml', args: () => ['job', 'list', '-F', 'xml'], code: 2, says: /xml.*summary, text, json, yaml, table/},
  {name: 'an unknown flag', args: () => ['job', 'list', '--bogus'], code: 2, says: /--bogus/},
  {name: 'a misspelt flag gets what was meant', args: () => ['job', 'start', '--quorom', '90%', 'chef-client', 'n1'], code: 2, says: /^Error: Nonexistent flag: --quorom\. Hint: did you mean --quorum\? see --help$/},
  {name: 'a missing COMMAND', args: () => start(), code: 2, says: /command/i, not: /arg:\./},
  {name: 'a missing JOBID (job status)', args: () => ['job', 'status'], code: 2, says: /jobid|job id/i, not: /arg:\./},
  {name: 'job output --channel bogus', args: () => ['job', 'output', UNKNOWN_ID, '--channel', 'bogus'], code: 2, says: /bogus.*stdout, stderr, both/},
  {name: 'job list --limit abc', args: () => ['job', 'list', '--limit', 'abc'], code: 2, says: /--limit.*(abc|integer|number)/},
  {name: 'job list --status bogus', args: () => ['job', 'list', '--status', 'bogus'], code: 2, says: /bogus.*complete/},
  {name: 'an empty COMMAND', args: () => start('', 'n1'), code: 2, says: /command is empty/},
]

describe('bad input: one Error line, the documented exit code, nothing sent', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const before = ts.requests.length
      const result = await runFast(c.args(), {home: c.home ? c.home() : home})
      const sent = ts.requests.slice(before).map((e) => `${e.method} ${e.url}`)
      const context = describeResult(result, sent)

      const lines = errorLines(result.stderr)
      assert.equal(lines.length, 1, `exactly one error line:\n${context}`)
      assert.match(lines[0]!, /^Error: /, `starts with "Error: " (no oclif decoration):\n${context}`)
      assert.match(lines[0]!, c.says, `says what is wrong and what to do:\n${context}`)
      if (c.not) assert.doesNotMatch(lines[0]!, c.not, context)
      assert.doesNotMatch(result.stderr, /^\s+at /m, `no stack trace:\n${context}`)
      assert.equal(result.code, c.code, `exit code:\n${context}`)
      assert.equal(result.stdout, '', `nothing on stdout:\n${context}`)

      const expected = c.requests ?? []
      assert.equal(sent.length, expected.length, `requests sent (expected ${expected.length}):\n${context}`)
      expected.forEach(([method, path], index) => assert.ok(sent[index]!.startsWith(`${method} `) && path.test(sent[index]!), `request ${index + 1}:\n${context}`))
      assert.ok(!sent.some((line) => /^POST .*\/pushy\/jobs$/.test(line)), `no job POSTed:\n${context}`)
    })
  }
})

describe('odd but valid input is accepted', () => {
  let proxy: FaultProxy
  let proxyHome: string
  before(async () => {
    // no rules: the proxy only lets the test see the exact POST body
    proxy = await startFaultProxy(ts.server.url)
    proxyHome = makeHome({url: proxy.url, userName: ts.userName, keyPath: ts.server.keyPath})
  })
  after(async () => {
    await proxy?.close()
  })

  const postedBody = (): any => {
    const posts = proxy.requests('POST', /\/pushy\/jobs$/)
    assert.ok(posts.length > 0, 'a job was POSTed')
    return JSON.parse(posts.at(-1)!.body.toString('utf8'))
  }

  test('a binary --file is sent as base64 (base64: for non-UTF-8 content)', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0xc3, 0x28, 0x0a, 0x00])
    const path = join(files, 'payload.bin')
    writeFileSync(path, bytes)
    const result = await runFast(start('chef-client', 'n1', '--file', path), {home: proxyHome})
    assert.equal(result.code, 0, result.stderr)
    const body = postedBody()
    assert.match(body.file, /^base64:/)
    assert.deepEqual(Buffer.from(body.file.slice('base64:'.length), 'base64'), bytes)
  })

  test('a UTF-8 --file of exactly 100,000 bytes is sent as raw:', async () => {
    const result = await runFast(start('chef-client', 'n1', '--file', join(files, 'exactly-100000.txt'), '--nowait'), {home: proxyHome})
    assert.equal(result.code, 0, result.stderr)
    assert.equal(postedBody().file, `raw:${'a'.repeat(100_000)}`)
    await waitForJobStatus(ts, result.stdout.trim(), 'complete')
  })

  test('a unicode command is sent intact and runs', async () => {
    const result = await runFast(start(UNICODE_COMMAND, 'n1', 'n2', '--json'), {home: proxyHome})
    assert.equal(result.code, 0, result.stderr)
    assert.equal(postedBody().command, UNICODE_COMMAND)
    const job = JSON.parse(result.stdout)
    assert.equal(job.command, UNICODE_COMMAND)
    assert.equal((await getJob(ts, job.id)).command, UNICODE_COMMAND)
  })

  test('quorum 0 runs with a warning (0 only with a warning)', async () => {
    const result = await runFast(start('chef-client', 'n1', '-q', '0', '--json'), {home: proxyHome})
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stderr, /^Warning: .*quorum 0/m)
    assert.equal(postedBody().quorum, 0)
  })

  test('-e KEY=VALUE before COMMAND does not swallow COMMAND and the nodes', async () => {
    const result = await runFast(['job', 'start', '-e', 'DEPLOY_ENV=prod', 'chef-client', 'n1', '--json'], {home: proxyHome})
    assert.equal(result.code, 0, `exit ${result.code}\n${result.stderr}`)
    const body = postedBody()
    assert.deepEqual(body.env, {DEPLOY_ENV: 'prod'})
    assert.equal(body.command, 'chef-client')
    assert.deepEqual(body.nodes, ['n1'])
  })
})
