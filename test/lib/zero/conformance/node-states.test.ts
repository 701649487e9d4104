// The real Push Jobs server's behaviour: node_states list and node_states/NODE.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf, pushyGet, startTestServer, type TestServer} from '../../../helpers/zero.js'

describe('node_states', () => {
  let ts: TestServer

  before(async () => {
    ts = await startTestServer({
      fleet: fleetOf(fleetNode('web-01'), fleetNode('web-02', {vote: 'nack'}), fleetNode('db-01', {online: false}), fleetNode('cache-01', {vote: 'ignore', run: 'hang'})),
    })
  })
  after(() => ts?.close())

  it('the list has the online nodes only, each exactly {node_name, availability}', async () => {
    const response = await pushyGet(ts, 'node_states')
    assert.equal(response.status, 200)
    assert.match(String(response.headers['content-type']), /^application\/json/)
    const list = response.json()
    assert.ok(Array.isArray(list), response.text)
    for (const entry of list) assert.deepEqual(Object.keys(entry).sort(), ['availability', 'node_name'], JSON.stringify(entry))
    const sorted = [...list].sort((a, b) => a.node_name.localeCompare(b.node_name))
    assert.deepEqual(sorted, [
      {node_name: 'cache-01', availability: 'available'},
      {node_name: 'web-01', availability: 'available'},
      {node_name: 'web-02', availability: 'available'},
    ])
  })

  it('NODE online → exactly {node_name, status, availability} online/available', async () => {
    for (const name of ['web-01', 'web-02', 'cache-01']) {
      const response = await pushyGet(ts, `node_states/${name}`)
      assert.equal(response.status, 200)
      const body = response.json()
      assert.deepEqual(Object.keys(body).sort(), ['availability', 'node_name', 'status'])
      assert.deepEqual(body, {node_name: name, status: 'online', availability: 'available'})
    }
  })

  it('NODE offline in the fleet → 200 offline/unavailable', async () => {
    const response = await pushyGet(ts, 'node_states/db-01')
    assert.equal(response.status, 200)
    assert.deepEqual(response.json(), {node_name: 'db-01', status: 'offline', availability: 'unavailable'})
  })

  it('a node the server has never seen → 200 offline/unavailable (the name is not validated)', async () => {
    for (const name of ['never-seen', 'Weird.Name:1', 'x_y-z']) {
      const response = await pushyGet(ts, `node_states/${encodeURIComponent(name)}`)
      assert.equal(response.status, 200, `${name}: ${response.status} ${response.text}`)
      assert.deepEqual(response.json(), {node_name: name, status: 'offline', availability: 'unavailable'})
    }
  })

  it('has no status or updated_at in the list', async () => {
    const list = (await pushyGet(ts, 'node_states')).json()
    for (const entry of list) {
      assert.ok(!('status' in entry))
      assert.ok(!('updated_at' in entry))
    }
  })
})
