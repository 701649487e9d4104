// pushy's own client against goiardi, an independent Chef server (Go) that verifies signatures
// (a Chef server nobody here wrote). test/helpers/goiardi.ts starts it and fails, rather than
// skips, when it is missing.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import type {ChefClient, ChefClientOptions} from '../../../src/lib/http/types.js'
import type {SigningVersion} from '../../../src/lib/signing/canonical.js'
import {startGoiardi, type Goiardi} from '../../helpers/goiardi.js'

let goiardi: Goiardi | undefined

// goiardi has no organizations: /organizations/ORG/... answers 200 with an empty body
const client = (version: SigningVersion, options: Partial<ChefClientOptions> = {}, key?: string): ChefClient => {
  assert.ok(goiardi, 'goiardi is not running')
  return goiardi.client(version, options, key)
}

before(async () => {
  goiardi = await startGoiardi()
})

after(() => goiardi?.stop())

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
