// pushy's own client against goiardi, an independent Chef server (Go) that verifies signatures
// (a Chef server nobody here wrote). goiardi is a test dependency (.ci/run installs it): if it is
// missing this test fails, on purpose, rather than skipping.
import assert from 'node:assert/strict'
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {after, before, describe, it} from 'node:test'
import type {Settings} from '../../../src/lib/config/types.js'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import type {ChefClient, ChefClientOptions} from '../../../src/lib/http/types.js'
import type {SigningVersion} from '../../../src/lib/signing/canonical.js'
import {closedPort} from './signed-server.js'

const dir = mkdtempSync(join(tmpdir(), 'pushy-goiardi-'))
let goiardi: ChildProcess | undefined
let chefServerUrl = ''

const settings = (version: SigningVersion, key = 'admin.pem'): Settings => ({
  // goiardi has no organizations: /organizations/ORG/... answers 200 with an empty body
  chefServerUrl,
  nodeName: 'admin',
  clientKey: {path: join(dir, key)},
  sslVerifyMode: 'verify_peer',
  authenticationProtocolVersion: version,
  sources: {},
})

const client = (version: SigningVersion, options: Partial<ChefClientOptions> = {}, key?: string): ChefClient =>
  createChefClient({settings: settings(version, key), retry: {limit: 0}, ...options})

/** goiardi writes admin.pem at start-up and then starts listening: wait for both. */
async function waitUntilServing(): Promise<void> {
  const deadline = Date.now() + 15_000
  let lastError: unknown
  while (Date.now() < deadline) {
    if (goiardi?.exitCode !== null) throw new Error(`goiardi exited with ${goiardi?.exitCode}; see ${join(dir, 'goiardi.log')}`)
    if (existsSync(join(dir, 'admin.pem'))) {
      try {
        await client('1.3').get('nodes')
        return
      } catch (error) {
        lastError = error // a half-written key or a port not yet listening
      }
    }

    await sleep(50)
  }

  throw new Error(`goiardi did not start within 15 s: ${String(lastError)}`)
}

before(async () => {
  const port = await closedPort()
  chefServerUrl = `http://127.0.0.1:${port}`
  const args = ['--ipaddress=127.0.0.1', `--port=${port}`, '--hostname=127.0.0.1', '--use-auth', `--conf-root=${dir}`, '--time-slew=15m', `--log-file=${join(dir, 'goiardi.log')}`]
  const started = spawn('goiardi', args, {stdio: 'ignore'})
  goiardi = started
  await new Promise<void>((resolve, reject) => {
    started.once('spawn', resolve)
    started.once('error', (error) => reject(new Error(`cannot run goiardi (apt-get install goiardi; .ci/run does it): ${error.message}`)))
  })
  await waitUntilServing()
})

after(() => {
  if (goiardi?.exitCode === null) goiardi.kill()
  rmSync(dir, {recursive: true, force: true})
})

interface Node {
  name: string
  normal: {description?: string}
}

const node = (name: string, description: string) => ({
  name,
  json_class: 'Chef::Node',
  chef_type: 'node',
  chef_environment: '_default',
  run_list: [],
  normal: {description},
  default: {},
  override: {},
  automatic: {},
})

describe('goiardi accepts pushy\'s signed requests', () => {
  for (const version of ['1.0', '1.1', '1.3'] as const) {
    it(`${version}: GET /nodes, search, POST and PUT with non-ASCII JSON bodies`, async () => {
      const chef = client(version)
      const name = `pushy-${version.replace('.', '-')}`
      assert.equal(typeof (await chef.get<Record<string, string>>('nodes')), 'object')

      const created = await chef.post<{uri: string}>('nodes', node(name, 'naïve café ☕'))
      assert.equal(created.statusCode, 201)
      assert.match(created.body.uri, new RegExp(`/nodes/${name}$`))
      assert.equal((await chef.get<Node>(`nodes/${name}`)).normal.description, 'naïve café ☕')

      await chef.put(`nodes/${name}`, node(name, 'über ✓'))
      assert.equal((await chef.get<Node>(`nodes/${name}`)).normal.description, 'über ✓')

      const found = await chef.get<{rows: Node[]}>('search/node', {searchParams: {q: `name:${name}`}})
      assert.deepEqual(
        found.rows.map((row) => row.name),
        [name],
      )
      assert.ok(Object.keys(await chef.get<Record<string, string>>('search/node', {searchParams: {q: 'name:*'}})).includes('rows'))
    })
  }

  it('a wrong key is the typed 401 with goiardi\'s reason', async () => {
    // chef-webui.pem is a real key, just not admin's
    const error = await client('1.3', {}, 'chef-webui.pem')
      .get('nodes')
      .then(() => assert.fail('goiardi accepted the wrong key'), (error_: unknown) => error_ as PushyError)
    assert.ok(error instanceof PushyError)
    assert.equal(error.exitCode, ExitCode.Auth)
    assert.equal(error.status, 401)
    assert.match(error.message, /verification error/)
    assert.match(error.hint ?? '', /node_name 'admin'.*chef-webui\.pem/)
  })

  it('a clock 20 minutes off gets the clock hint', async () => {
    const skewed = client('1.1', {now: () => new Date(Date.now() - 20 * 60_000)})
    const error = await skewed.get('nodes').then(
      () => assert.fail('goiardi accepted a stale timestamp'),
      (error_: unknown) => error_ as PushyError,
    )
    assert.equal(error.exitCode, ExitCode.Auth)
    assert.match(error.message, /clock/)
    assert.match(error.hint ?? '', /synchronize/i)
  })
})
