import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {call, ORG, startStub, type StubServer} from './stub.js'

const O = `/organizations/${ORG}`

describe('Chef search and node routes (stub engine)', () => {
  let s: StubServer
  before(async () => {
    s = await startStub()
  })
  after(() => s.close())

  it('GET search/node: total counts all matches, rows are node objects sorted by name', async () => {
    const r = await call(s.port, `${O}/search/node?q=role:web&rows=2&start=0`, {as: 'member'})
    assert.equal(r.status, 200)
    const body = JSON.parse(r.body)
    assert.equal(body.total, 3)
    assert.equal(body.start, 0)
    assert.deepEqual(body.rows.map((n: {name: string}) => n.name), ['db-1', 'web-1'])
    assert.equal(body.rows[0].json_class, 'Chef::Node')
    const next = JSON.parse((await call(s.port, `${O}/search/node?q=role:web&rows=2&start=2`, {as: 'member'})).body)
    assert.deepEqual(next.rows.map((n: {name: string}) => n.name), ['web-2'])
  })

  it('POST partial search returns url + data rows', async () => {
    const path = `${O}/search/node?q=${encodeURIComponent('platform:ubuntu OR name:db*')}`
    const r = await call(s.port, path, {method: 'POST', as: 'admin', body: JSON.stringify({name: ['name'], env: ['chef_environment'], os: ['platform']})})
    assert.equal(r.status, 200)
    assert.deepEqual(JSON.parse(r.body), {
      total: 2,
      start: 0,
      rows: [
        {url: `http://127.0.0.1:${s.port}${O}/nodes/db-1`, data: {name: 'db-1', env: '_default', os: null}},
        {url: `http://127.0.0.1:${s.port}${O}/nodes/web-2`, data: {name: 'web-2', env: '_default', os: 'ubuntu'}},
      ],
    })
  })

  it('400 for bad syntax, bad paging and bad partial bodies; 404 for other indexes', async () => {
    const bad = await call(s.port, `${O}/search/node?q=${encodeURIComponent('name:(web')}`, {as: 'admin'})
    assert.equal(bad.status, 400)
    // the reason now gives the position where Chef's grammar stops (issue 14), not a guess at the cause
    assert.match(JSON.parse(bad.body).error[0], /^invalid search query: 'name:\(web' \(the query ends early \(position 10\)\)$/)
    const empty = await call(s.port, `${O}/search/node?q=`, {as: 'admin'})
    assert.equal(empty.status, 400, 'an empty q is a 400, as on Chef Server')
    assert.equal((await call(s.port, `${O}/search/node?rows=-1`, {as: 'admin'})).status, 400)
    const partial = await call(s.port, `${O}/search/node`, {method: 'POST', as: 'stranger', body: '{"a": "name"}'})
    assert.equal(partial.status, 400, 'body checked before auth, like POST jobs')
    assert.equal((await call(s.port, `${O}/search/role`, {as: 'admin'})).status, 404)
  })

  it('search is signed and checked like the push routes', async () => {
    assert.equal((await call(s.port, `${O}/search/node`)).status, 400)
    assert.equal((await call(s.port, `${O}/search/node`, {as: 'stranger'})).status, 401)
    assert.equal((await call(s.port, `/organizations/other/search/node`, {as: 'admin'})).status, 404)
  })

  it('GET nodes lists name → url; GET nodes/NAME returns the node or a Chef 404', async () => {
    const list = JSON.parse((await call(s.port, `${O}/nodes`, {as: 'admin'})).body)
    assert.deepEqual(Object.keys(list), ['db-1', 'web-1', 'web-2'])
    assert.equal(list['web-1'], `http://127.0.0.1:${s.port}${O}/nodes/web-1`)
    assert.equal(JSON.parse((await call(s.port, `${O}/nodes/web-2`, {as: 'admin'})).body).automatic.platform, 'ubuntu')
    const missing = await call(s.port, `${O}/nodes/ghost`, {as: 'admin'})
    assert.equal(missing.status, 404)
    assert.deepEqual(JSON.parse(missing.body), {error: ['Cannot load node ghost']})
  })
})
