// Behind a proxy, as knife is: the CLI through a real tinyproxy, configured the way knife users
// configure it (config.rb settings, or the usual environment variables).
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {runFast} from '../helpers/in-process.js'
import {makeHome} from '../helpers/cli.js'
import {startTinyproxy, type Tinyproxy} from '../helpers/tinyproxy.js'
import {fleetNode, fleetOf, startTestServer, type TestServer} from '../helpers/zero.js'

let ts: TestServer
let open: Tinyproxy
let guarded: Tinyproxy
// tinyproxy's BasicAuth takes letters, digits and . _ - only (percent-decoding is unit-tested)
const PASSWORD = 's3cret-Pa55'

before(async () => {
  ts = await startTestServer({fleet: fleetOf(fleetNode('web-1', {runList: ['role[webapp]']}), fleetNode('web-2', {runList: ['role[webapp]']}))})
  open = await startTinyproxy()
  guarded = await startTinyproxy({basicAuth: {user: 'alice', password: PASSWORD}})
})

after(async () => {
  await Promise.all([open?.stop(), guarded?.stop()])
  await ts?.close()
})

const serverHostPort = (): string => new URL(ts.server.url).host
const home = (extraConfig: string) => makeHome({url: ts.server.url, userName: ts.userName, keyPath: ts.server.keyPath}, extraConfig)

describe('behind a proxy', () => {
  it('job start: the search, the POST, the feed and the final GET all go through http_proxy', async () => {
    const before = open.tunnels().length
    const result = await runFast(['job', 'start', 'chef-client', '-s', 'role:webapp', '-V'], {home: home(`http_proxy "${open.url}"`)})
    assert.equal(result.code, 0, result.stderr)
    const requests = result.stderr.split('\n').filter((line) => /^(GET|POST) http/.test(line))
    assert.ok(requests.length >= 4, result.stderr)
    for (const line of requests) assert.match(line, new RegExp(`via proxy ${open.url}/`), line)
    const tunnels = open.tunnels().slice(before)
    assert.ok(tunnels.length >= 1, open.log())
    for (const target of tunnels) assert.equal(target, serverHostPort())
  })

  it('the built CLI too: its bundle loads the proxy agents only when a proxy is set', async () => {
    const before = open.tunnels().length
    const result = await runFast(['node', 'status', 'web-1', '-V'], {home: home(`http_proxy "${open.url}"`), spawn: true})
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stderr, new RegExp(`^GET http\\S+ via proxy ${open.url}/`, 'm'))
    assert.deepEqual(open.tunnels().slice(before), [serverHostPort()])
  })

  it('reads the environment too (lower case first), and no_proxy sends the host directly', async () => {
    const viaEnv = await runFast(['node', 'status', 'web-1', '-V'], {home: home(''), env: {http_proxy: open.url, HTTP_PROXY: 'http://127.0.0.1:9'}})
    assert.equal(viaEnv.code, 0, viaEnv.stderr)
    assert.match(viaEnv.stderr, new RegExp(`via proxy ${open.url}/`))

    const before = open.tunnels().length
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${new URL(ts.server.url).port}`, '*']) {
      const direct = await runFast(['node', 'status', 'web-1', '-V'], {home: home(`http_proxy "${open.url}"\nno_proxy "${noProxy}"`)})
      assert.equal(direct.code, 0, direct.stderr)
      assert.doesNotMatch(direct.stderr, /via proxy/, noProxy)
    }
    assert.equal(open.tunnels().length, before, 'no_proxy hosts bypass the proxy')
  })

  it('407: no or wrong credentials are one Error line naming the proxy, exit 5; the right ones work', async () => {
    for (const config of [`http_proxy "${guarded.url}"`, `http_proxy "${guarded.url}"\nhttp_proxy_user "alice"\nhttp_proxy_pass "wrong"`]) {
      const refused = await runFast(['node', 'status', 'web-1'], {home: home(config)})
      assert.equal(refused.code, 5, refused.stderr)
      const errors = refused.stderr.split('\n').filter((line) => line.startsWith('Error:'))
      assert.equal(errors.length, 1, refused.stderr)
      assert.match(errors[0]!, new RegExp(`the proxy http://(alice:\\*\\*\\*@)?127\\.0\\.0\\.1:${guarded.port}/ refused the credentials pushy sent, or their absence \\(it answered 40[17] to CONNECT\\)`))
      assert.match(errors[0]!, /Hint: check https_proxy_user/)
    }
    const encoded = `http://alice:${encodeURIComponent(PASSWORD)}@127.0.0.1:${guarded.port}`
    for (const config of [`http_proxy "${guarded.url}"\nhttp_proxy_user "alice"\nhttp_proxy_pass "${PASSWORD}"`, `http_proxy "${encoded}"`]) {
      const accepted = await runFast(['node', 'status', 'web-1', '-V'], {home: home(config)})
      assert.equal(accepted.code, 0, accepted.stderr)
      assert.match(accepted.stderr, /via proxy http:\/\/alice:\*\*\*@127\.0\.0\.1/)
      // the password is never shown, encoded or not
      assert.ok(!accepted.stderr.includes(PASSWORD) && !accepted.stderr.includes(encodeURIComponent(PASSWORD)), accepted.stderr)
    }
  })

  it('a proxy that is down: one Error line naming it, exit 7, nothing sent around it', async () => {
    const down = await startTinyproxy()
    const url = down.url
    await down.stop()
    const result = await runFast(['job', 'status', '0123456789abcdef0123456789abcdef', '--request-timeout', '5'], {home: home(`http_proxy "${url}"`)})
    assert.equal(result.code, 7, result.stderr)
    assert.match(result.stderr, new RegExp(`^Error: cannot connect to the proxy ${url}/ \\(ECONNREFUSED\\).*Hint: check https_proxy / http_proxy, or add 127\\.0\\.0\\.1 to no_proxy`, 'm'))
  })

  it('-z never uses a proxy', async () => {
    const before = open.tunnels().length
    const result = await runFast(['node', 'status', '-z', '-V'], {home: makeHome(), env: {http_proxy: open.url, https_proxy: open.url}})
    assert.equal(result.code, 0, result.stderr)
    assert.doesNotMatch(result.stderr, /via proxy/)
    assert.equal(open.tunnels().length, before)
  })
})
