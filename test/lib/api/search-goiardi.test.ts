// searchNodeNames against goiardi, a Chef server nobody here wrote, holding 2,535 nodes: its
// `total` is the rows of each page, not all matches, which once cost pushy every node past 1,000.
// goiardi serves search (partial and full rows) but not Push Jobs, so the search step is checked
// in process through pushy's own signed client.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {searchNodeNames} from '../../../src/lib/api/search.js'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import type {ChefClient} from '../../../src/lib/http/types.js'
import {startGoiardi, type Goiardi} from '../../helpers/goiardi.js'

interface SeedNode {
  name: string
  roles: string[]
}

// web-0000 … web-2504 have role webapp (2,505: three pages of 1,000). Roles a and b overlap on
// half of them, and the db nodes have a without b, so `role:a AND role:b` differs from either
// role alone. Names are all one width, so `name:web-0*` is exactly web-0000 … web-0999: goiardi
// reads wildcards unanchored, and no other name contains "web-0".
const WEB_NODES = 2505
const seedNodes: SeedNode[] = [
  ...Array.from({length: WEB_NODES}, (_, i) => ({
    name: `web-${String(i).padStart(4, '0')}`,
    roles: ['webapp', ...(i % 4 === 0 ? [] : ['a']), ...(i % 4 === 1 ? [] : ['b'])],
  })),
  ...Array.from({length: 30}, (_, i) => ({name: `db-${String(i).padStart(2, '0')}`, roles: ['db', 'a']})),
]

const nodeObject = ({name, roles}: SeedNode) => ({
  name,
  json_class: 'Chef::Node',
  chef_type: 'node',
  chef_environment: '_default',
  run_list: roles.map((role) => `role[${role}]`),
  normal: {},
  default: {},
  override: {},
  automatic: {},
})

const queries: Array<{query: string; expected: string[]; pages: number}> = [
  {query: 'role:webapp', expected: seedNodes.filter((node) => node.roles.includes('webapp')).map((node) => node.name), pages: 3},
  // exactly one full page: the second request comes back empty
  {query: 'name:web-0*', expected: seedNodes.filter((node) => node.name.startsWith('web-0')).map((node) => node.name), pages: 2},
  {query: 'role:a AND role:b', expected: seedNodes.filter((node) => node.roles.includes('a') && node.roles.includes('b')).map((node) => node.name), pages: 2},
]

let goiardi: Goiardi | undefined
const requests: string[] = []

/** pushy's client as admin; every request it sends is recorded (its -V lines). */
function admin(): ChefClient {
  assert.ok(goiardi, 'goiardi is not running')
  return goiardi.client('1.3', {verbose: (line) => (/^(GET|POST|PUT) /.test(line) ? requests.push(line) : undefined)})
}

/** The same client as seen through a server without partial search, so search reads full rows. */
function withoutPartialSearch(client: ChefClient): ChefClient {
  return {...client, post: () => Promise.reject(new PushyError('method not allowed', ExitCode.Server, {status: 405}))}
}

before(async () => {
  // loaded by goiardi's import and indexed before it returns (POSTing them cost ~14 s of CPU)
  goiardi = await startGoiardi({nodes: seedNodes.map(nodeObject)})
  // and seen through the API, not only the index: the import is goiardi's, the check is ours
  assert.equal(Object.keys(await admin().get<Record<string, string>>('nodes')).length, seedNodes.length)
  requests.length = 0
})

after(() => goiardi?.stop())

/** The `q` of a logged search request (`METHOD URL`). */
const queryOf = (line: string): string | null => new URL(line.slice(line.indexOf(' ') + 1).split(' ')[0]).searchParams.get('q')

// The three queries side by side, each its two ways one after the other: a query's requests are
// told from the others' in the shared log by their `q`.
describe('search on goiardi returns every matching node exactly once', {concurrency: true}, () => {
  it('the seed is what the queries assume', () => {
    assert.deepEqual(
      queries.map(({expected}) => expected.length),
      [2505, 1000, 1252],
    )
  })

  for (const {query, expected, pages} of queries) {
    // (concurrency is inherited: this one's two ways run one after the other)
    describe(query, {concurrency: false}, () => {
      for (const [via, clientFor] of [
        ['partial search (POST)', admin],
        ['full rows (GET)', () => withoutPartialSearch(admin())],
      ] as const) {
        it(`${via}: ${query} → ${expected.length} nodes in ${pages} requests`, async () => {
          const before = requests.length
          const found = await searchNodeNames(clientFor(), query)
          const searches = requests.slice(before).filter((line) => line.includes('/search/node?') && queryOf(line) === query)

          assert.equal(found.length, new Set(found).size, 'a node came back twice')
          assert.deepEqual([...found].sort(), expected)
          assert.equal(searches.length, pages, searches.join('\n'))
          assert.ok(searches.every((line) => line.startsWith(via.includes('POST') ? 'POST ' : 'GET ')), searches.join('\n'))
        })
      }
    })
  }
})
