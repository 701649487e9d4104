// searchNodeNames against loopback stubs of the three ways a Chef-compatible server pages search:
// the true `total` (Chef Server), `total` per page (goiardi), and `start` ignored altogether.
import assert from 'node:assert/strict'
import {after, describe, it} from 'node:test'
import {SEARCH_PAGE_SIZE, searchNodeNames} from '../../../src/lib/api/search.js'
import {formatErrorLine, PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import {json, serverSet, settingsFor, type Seen, type TestServer} from '../http/signed-server.js'

interface Stub {
  /** exact: all matches (Chef Server); per-page: the rows sent (goiardi); ignore-start: always the first page */
  total: 'exact' | 'per-page' | 'ignore-start'
  /** false: POST answers 404, as on a server without partial search */
  partial?: boolean
  /** the most rows the server sends whatever was asked */
  rowCap?: number
}

const {serve, closeAll} = serverSet()
after(closeAll)

const nodeNames = (count: number): string[] => Array.from({length: count}, (_, i) => `web-${String(i).padStart(5, '0')}`)

function searchStub(names: string[], stub: Stub): Promise<TestServer> {
  return serve((request: Seen, res) => {
    const url = new URL(request.url, 'http://stub')
    if (request.method === 'POST' && stub.partial === false) return json(res, 404, {error: ['not found']})
    const asked = Number(url.searchParams.get('rows'))
    const start = stub.total === 'ignore-start' ? 0 : Number(url.searchParams.get('start'))
    const page = names.slice(start, start + Math.min(asked, stub.rowCap ?? asked))
    const rows = request.method === 'POST' ? page.map((name) => ({url: `http://stub/nodes/${name}`, data: {name}})) : page.map((name) => ({name, run_list: []}))
    json(res, 200, {total: stub.total === 'exact' ? names.length : page.length, start, rows})
  })
}

const clientFor = (server: TestServer) => createChefClient({settings: settingsFor(server.chefServerUrl), retry: {limit: 0}})
const searches = (server: TestServer) => server.seen.filter((request) => request.url.includes('/search/node?'))
const startsAsked = (server: TestServer) => searches(server).map((request) => Number(new URL(request.url, 'http://stub').searchParams.get('start')))

describe('searchNodeNames reads every page, each node once', () => {
  for (const total of ['exact', 'per-page'] as const) {
    it(`total ${total}: 2,505 nodes in 3 pages`, async () => {
      const names = nodeNames(2505)
      const server = await searchStub(names, {total})
      assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp'), names)
      assert.deepEqual(startsAsked(server), [0, 1000, 2000])
      assert.ok(searches(server).every((request) => request.method === 'POST' && request.verified.ok))
    })

    it(`total ${total}: 3,000 nodes in 4 pages, the last one empty`, async () => {
      const names = nodeNames(3000)
      const server = await searchStub(names, {total})
      assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp'), names)
      assert.deepEqual(startsAsked(server), [0, 1000, 2000, 3000])
    })
  }

  it('no match: one request, no names', async () => {
    const server = await searchStub([], {total: 'exact'})
    assert.deepEqual(await searchNodeNames(clientFor(server), 'role:nothing'), [])
    assert.equal(searches(server).length, 1)
  })

  it('full rows (GET) when the server has no partial search, paging the same way', async () => {
    const names = nodeNames(2505)
    const server = await searchStub(names, {total: 'per-page', partial: false})
    assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp'), names)
    assert.deepEqual(
      searches(server).map((request) => [request.method, new URL(request.url, 'http://stub').searchParams.get('start')]),
      [
        ['POST', '0'],
        ['GET', '0'],
        ['GET', '1000'],
        ['GET', '2000'],
      ],
    )
  })

  it('asks for a stable order: partial rows sorted by url (goiardi shuffles them otherwise), full rows by name', async () => {
    const server = await searchStub(nodeNames(3), {total: 'exact', partial: false})
    await searchNodeNames(clientFor(server), 'role:webapp AND name:web-0*')
    assert.deepEqual(
      searches(server).map((request) => request.url),
      [
        '/organizations/acme/search/node?q=role%3Awebapp%20AND%20name%3Aweb-0*&start=0&rows=1000&sort=url%20asc',
        '/organizations/acme/search/node?q=role%3Awebapp%20AND%20name%3Aweb-0*&start=0&rows=1000&sort=name%20asc',
      ],
    )
  })

  it('a server that sends fewer rows than asked, with an exact total, is read to the end', async () => {
    const names = nodeNames(2505)
    const server = await searchStub(names, {total: 'exact', rowCap: 400})
    assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp'), names)
    assert.equal(searches(server).length, Math.ceil(2505 / 400))
  })

  it('a page size other than 1,000 pages the same way', async () => {
    const names = nodeNames(25)
    const server = await searchStub(names, {total: 'per-page'})
    assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp', 10), names)
    assert.deepEqual(startsAsked(server), [0, 10, 20])
  })
})

describe('a server that ignores start', () => {
  it('stops at the second page with exit 7 and an Error line naming the query and the server', async () => {
    const server = await searchStub(nodeNames(2505), {total: 'ignore-start'})
    const error = await searchNodeNames(clientFor(server), 'role:webapp').then(
      () => assert.fail('returned names although every page was the first one'),
      (error_: unknown) => error_,
    )
    assert.ok(error instanceof PushyError)
    assert.equal(error.exitCode, ExitCode.Server)
    const line = formatErrorLine(error)
    assert.match(line, /^Error: /)
    assert.ok(line.includes(`'role:webapp'`), line)
    assert.ok(line.includes(server.chefServerUrl), line)
    assert.match(line, /ignore 'start'/)
    assert.doesNotMatch(line, /\n/)
    assert.equal(searches(server).length, 2)
  })

  it('is harmless while every match fits in the first page', async () => {
    const names = nodeNames(SEARCH_PAGE_SIZE - 1)
    const server = await searchStub(names, {total: 'ignore-start'})
    assert.deepEqual(await searchNodeNames(clientFor(server), 'role:webapp'), names)
    assert.equal(searches(server).length, 1)
  })
})
