// Node search in local mode (local mode serves the Push Jobs 2.x API and node search),
// as Chef Server answers it: GET search/node (full objects, total = every match, paging with
// rows/start) and partial search POST search/node with {"name":["name"]}.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf, request, startTestServer, type TestServer} from '../../../helpers/zero.js'
import type {FleetNode} from '../../../../src/lib/zero/types.js'

function generatedFleet(): FleetNode[] {
  const nodes: FleetNode[] = [
    fleetNode('web-01', {runList: ['role[webapp]', 'recipe[base]'], chefEnvironment: 'production', attributes: {platform: 'ubuntu', kernel: {machine: 'x86_64'}}}),
    fleetNode('web-02', {runList: ['role[webapp]', 'recipe[base]'], chefEnvironment: 'staging', attributes: {platform: 'ubuntu', kernel: {machine: 'aarch64'}}}),
    fleetNode('web-03', {runList: ['role[webapp]'], chefEnvironment: 'production', attributes: {platform: 'centos', kernel: {machine: 'x86_64'}}}),
    fleetNode('db-01', {runList: ['role[db]', 'recipe[base]', 'recipe[postgresql::server]'], chefEnvironment: 'production', attributes: {platform: 'centos'}}),
    fleetNode('cache-01', {runList: ['role[cache]'], chefEnvironment: 'staging', attributes: {platform: 'ubuntu'}}),
  ]
  for (let i = 1; i <= 25; i++) {
    nodes.push(fleetNode(`app-${String(i).padStart(3, '0')}`, {runList: ['role[app]'], chefEnvironment: i % 2 === 0 ? 'even' : 'odd', attributes: {index: String(i)}}))
  }
  return nodes
}

describe('node search', () => {
  let ts: TestServer

  before(async () => {
    ts = await startTestServer({fleet: fleetOf(...generatedFleet())})
  })
  after(() => ts?.close())

  async function search(q: string, extra = ''): Promise<{total: number; start: number; rows: any[]}> {
    const response = await request(ts, `${ts.orgPath}/search/node?q=${encodeURIComponent(q)}${extra}`)
    assert.equal(response.status, 200, `q=${q}: ${response.status} ${response.text}`)
    assert.match(String(response.headers['content-type']), /^application\/json/)
    return response.json()
  }

  const names = async (q: string): Promise<string[]> => (await search(q)).rows.map((row) => row.name).sort()

  it('rows are full node objects, total counts every match', async () => {
    const result = await search('name:web-01')
    assert.equal(result.total, 1)
    assert.equal(result.start, 0)
    const node = result.rows[0]
    assert.equal(node.name, 'web-01')
    assert.equal(node.chef_type, 'node')
    assert.equal(node.json_class, 'Chef::Node')
    assert.equal(node.chef_environment, 'production')
    assert.deepEqual(node.run_list, ['role[webapp]', 'recipe[base]'])
    for (const level of ['normal', 'automatic', 'default', 'override']) assert.equal(typeof node[level], 'object', level)
  })

  it('role:', async () => {
    assert.deepEqual(await names('role:webapp'), ['web-01', 'web-02', 'web-03'])
    assert.deepEqual(await names('role:db'), ['db-01'])
  })

  it('recipe:', async () => {
    assert.deepEqual(await names('recipe:base'), ['db-01', 'web-01', 'web-02'])
    assert.deepEqual(await names('recipe:postgresql\\:\\:server'), ['db-01'])
  })

  it('name: with wildcards', async () => {
    assert.deepEqual(await names('name:web*'), ['web-01', 'web-02', 'web-03'])
    assert.deepEqual(await names('name:*-01'), ['cache-01', 'db-01', 'web-01'])
    assert.deepEqual(await names('name:web-0?'), ['web-01', 'web-02', 'web-03'])
    assert.deepEqual(await names('name:nothing*'), [])
  })

  it('chef_environment:', async () => {
    assert.deepEqual(await names('chef_environment:production'), ['db-01', 'web-01', 'web-03'])
    assert.deepEqual(await names('chef_environment:staging'), ['cache-01', 'web-02'])
  })

  it('attribute fields, top-level and nested (parents joined by _)', async () => {
    assert.deepEqual(await names('platform:ubuntu'), ['cache-01', 'web-01', 'web-02'])
    assert.deepEqual(await names('kernel_machine:x86_64'), ['web-01', 'web-03'])
    assert.deepEqual(await names('machine:aarch64'), ['web-02'])
  })

  it('AND, OR, NOT and parentheses', async () => {
    assert.deepEqual(await names('role:webapp AND chef_environment:production'), ['web-01', 'web-03'])
    assert.deepEqual(await names('role:db OR role:cache'), ['cache-01', 'db-01'])
    assert.deepEqual(await names('role:webapp AND NOT chef_environment:production'), ['web-02'])
    assert.deepEqual(await names('(role:db OR role:cache) AND chef_environment:staging'), ['cache-01'])
    assert.deepEqual(await names('platform:ubuntu AND (name:web-01 OR name:cache-01)'), ['cache-01', 'web-01'])
  })

  it('*:* matches every node', async () => {
    const result = await search('*:*', '&rows=1000')
    assert.equal(result.total, 30)
    assert.equal(result.rows.length, 30)
  })

  it('paging: rows and start; total is every match', async () => {
    const seen: string[] = []
    for (const start of [0, 10, 20]) {
      const page = await search('role:app', `&rows=10&start=${start}`)
      assert.equal(page.total, 25, `total at start=${start}`)
      assert.equal(page.start, start)
      assert.equal(page.rows.length, start === 20 ? 5 : 10)
      seen.push(...page.rows.map((row) => row.name))
    }
    assert.equal(new Set(seen).size, 25, 'pages do not overlap')
    const past = await search('role:app', '&rows=10&start=30')
    assert.equal(past.total, 25)
    assert.deepEqual(past.rows, [])
  })

  it('partial search: POST with {"name":["name"]} returns {url, data:{name}} rows', async () => {
    const response = await request(ts, `${ts.orgPath}/search/node?q=${encodeURIComponent('role:webapp')}`, {method: 'POST', body: {name: ['name']}})
    assert.equal(response.status, 200, response.text)
    const result = response.json()
    assert.equal(result.total, 3)
    assert.equal(result.start, 0)
    const rows = [...result.rows].sort((a: any, b: any) => a.data.name.localeCompare(b.data.name))
    assert.deepEqual(
      rows.map((row: any) => row.data),
      [{name: 'web-01'}, {name: 'web-02'}, {name: 'web-03'}],
    )
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['data', 'url'])
      assert.match(row.url, new RegExp(`${ts.orgPath}/nodes/${row.data.name}$`))
    }
  })

  it('partial search pages too', async () => {
    const response = await request(ts, `${ts.orgPath}/search/node?q=${encodeURIComponent('role:app')}&rows=7&start=21`, {method: 'POST', body: {name: ['name']}})
    assert.equal(response.status, 200, response.text)
    const result = response.json()
    assert.equal(result.total, 25)
    assert.equal(result.rows.length, 4)
  })

  it('search is signed like every other call', async () => {
    const response = await request(ts, `${ts.orgPath}/search/node?q=${encodeURIComponent('*:*')}`, {sign: false})
    assert.ok([400, 401].includes(response.status), `unsigned search → ${response.status}`)
  })
})
