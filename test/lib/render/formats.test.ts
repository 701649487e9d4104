import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {renderAs} from '../../../src/lib/render/format.js'
import {renderJson} from '../../../src/lib/render/json.js'
import {renderYaml} from '../../../src/lib/render/yaml.js'
import {renderJobTable, renderNodeStatusTable} from '../../../src/lib/render/table.js'
import {sortJobNodes} from '../../../src/lib/render/job.js'
import {nodeStatusRows, renderNodeStatusLines} from '../../../src/lib/render/node-status.js'
import {renderFeedJson, renderFeedLine, formatFeedTime} from '../../../src/lib/render/feed-line.js'
import type {Job} from '../../../src/lib/api/types.js'

const off = {color: false}
const job: Job = {
  nodes: {succeeded: ['web-2', 'web-1'], nacked: ['db-1']},
  id: 'aaaaaaaaaaaa25fd67fa8715fd547d3d',
  command: 'chef-client',
  status: 'complete',
  run_timeout: 3600,
  created_at: 'Tue, 04 Sep 2012 23:01:02 GMT',
  updated_at: 'Tue, 04 Sep 2012 23:17:56 GMT',
}

describe('json and yaml', () => {
  it('json: 2-space pretty, key order as given, trailing newline', () => {
    assert.equal(renderJson({b: 1, a: [1, 'x'], c: {}}), '{\n  "b": 1,\n  "a": [\n    1,\n    "x"\n  ],\n  "c": {}\n}\n')
    assert.equal(renderJson([]), '[]\n')
  })
  it('yaml: starts with --- like Ruby YAML.dump', () => {
    assert.equal(renderYaml({b: 1, a: ['x', 'z'], c: {}}), '---\nb: 1\na:\n- x\n- z\nc: {}\n')
    assert.equal(renderYaml([{a: 1}]), '---\n- a: 1\n')
    assert.equal(renderYaml('text'), '--- text\n')
    assert.equal(renderYaml({}), '--- {}\n')
    assert.equal(renderYaml([]), '--- []\n')
  })
  it('renderAs dispatches; text is summary', async () => {
    assert.equal(await renderAs('text', {a: 1}, off), 'a: 1\n')
    assert.equal(await renderAs('summary', {a: 1}, off), 'a: 1\n')
    assert.equal(await renderAs('json', {a: 1}, off), '{\n  "a": 1\n}\n')
    assert.equal(await renderAs('yaml', {a: 1}, off), '---\na: 1\n')
  })
})

describe('sortJobNodes', () => {
  it('sorts node lists in a copy and keeps key order', () => {
    const sorted = sortJobNodes(job)
    assert.deepEqual(sorted.nodes, {succeeded: ['web-1', 'web-2'], nacked: ['db-1']})
    assert.deepEqual(Object.keys(sorted), Object.keys(job))
    assert.deepEqual(job.nodes?.succeeded, ['web-2', 'web-1'])
  })
  it('a job without nodes is returned as is', () => {
    const {nodes: _, ...bare} = job
    assert.equal(sortJobNodes(bare), bare)
  })
})

describe('tables', () => {
  it('job table: id, command, status, nodes, created_at; no colour codes when off', () => {
    const table = renderJobTable([job], off)
    const lines = table.split('\n')
    // Compact style (issue 9 §3): the header and two spaces between columns, no box; created_at
    // is shown as a short UTC date so that a job row fits 80 columns (--wide: as the server sent it).
    assert.equal(lines[0], 'id                                command      status    nodes  created_at')
    assert.equal(lines[1], 'aaaaaaaaaaaa25fd67fa8715fd547d3d  chef-client  complete  3      2012-09-04 23:01')
    assert.equal(table.includes('\u001B'), false)
    // No bottom border any more: the table ends with its last row (here the per-node section's).
    assert.ok(table.endsWith('web-2  succeeded\n'))
  })
  it('job list (no nodes): the nodes column is left out', () => {
    const {nodes: _, ...listed} = job
    assert.doesNotMatch(renderJobTable([listed], off), /nodes/)
  })
  it('colour only when on', () => assert.match(renderJobTable([job], {color: true}), /\u001B\[32mcomplete\u001B\[39m/))
  it('node status table', () => {
    const table = renderNodeStatusTable(nodeStatusRows([{node_name: 'a', status: 'offline', availability: 'unavailable'}, {node_name: 'b', availability: 'available'}]), off)
    // Compact style: the same cells without borders.
    assert.equal(table, 'node  status   availability\na     offline  unavailable\nb     online   available\n')
  })
  it('renderAs table recognises jobs, node states and other rows', async () => {
    assert.match(await renderAs('table', [job], off), /created_at/)
    assert.match(await renderAs('table', job, off), /chef-client/)
    // Compact style: cells two spaces apart instead of between bars.
    assert.match(await renderAs('table', [{node_name: 'a', availability: 'available'}], off), /^a {5}online {2}available$/m)
    assert.match(await renderAs('table', [{x: 1, y: {z: 2}}], off), /^1 {2}{"z":2}$/m)
    assert.equal(await renderAs('table', 'scalar', off), 'scalar\n')
  })
})

describe('node status', () => {
  it("knife's NAME<TAB>AVAILABILITY lines", () =>
    assert.equal(renderNodeStatusLines([{node_name: 'acceptance', availability: 'available'}, {node_name: 'delivered', availability: 'unavailable'}]), 'acceptance\tavailable\ndelivered\tunavailable\n'))
  it('rows keep the three fields, in order', () =>
    assert.deepEqual(nodeStatusRows([{node_name: 'a', status: 'offline', availability: 'unavailable'}]), [{node_name: 'a', status: 'offline', availability: 'unavailable'}]))
})

describe('feed lines', () => {
  const start = {
    event: 'start',
    id: 'org-1',
    data: {timestamp: '2014-07-10 05:17:44.995958Z', job: 'aaaaaaaaaaaa25fd67fa8715fd547d3d', command: 'chef-client', run_timeout: 3600, quorum: 2, node_count: 2, user: 'pivotal', capture: false},
  }
  const done = {event: 'job_complete', id: 'org-2', data: {timestamp: '2014-07-10 05:17:50.000001Z', job: 'aaaaaaaaaaaa25fd67fa8715fd547d3d', status: 'quorum_failed'}}
  it('time normalised to UTC seconds', () => {
    assert.equal(formatFeedTime('2014-07-10 05:17:44.995958Z'), '2014-07-10T05:17:44Z')
    assert.equal(formatFeedTime('garbage'), 'garbage')
  })
  it('one line per event, columns only when present', () => {
    assert.equal(renderFeedLine(start, false), '2014-07-10T05:17:44Z  start             aaaaaaaaaaaa25fd67fa8715fd547d3d  "chef-client"  2 nodes  by pivotal\n')
    assert.equal(renderFeedLine(done, false), '2014-07-10T05:17:50Z  job_complete      aaaaaaaaaaaa25fd67fa8715fd547d3d  quorum_failed\n')
    assert.equal(renderFeedLine({event: 'start_of_history', id: 'start_id', data: {timestamp: '2014-07-10 05:16:44.000000Z'}}, false), '2014-07-10T05:16:44Z  start_of_history\n')
  })
  it('colours the status when on', () => assert.match(renderFeedLine(done, true), /\u001B\[31mquorum_failed\u001B\[39m/))
  it('NDJSON: event and id first, then the data fields', () =>
    assert.equal(renderFeedJson(done), '{"event":"job_complete","id":"org-2","timestamp":"2014-07-10 05:17:50.000001Z","job":"aaaaaaaaaaaa25fd67fa8715fd547d3d","status":"quorum_failed"}\n'))
})
