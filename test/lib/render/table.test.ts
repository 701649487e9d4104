import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job} from '../../../src/lib/api/types.js'
import {stripAnsi, visibleWidth} from '../../../src/lib/render/ansi.js'
import {renderAs} from '../../../src/lib/render/format.js'
import {renderGenericTable, renderJobTable, renderNodeStatusTable} from '../../../src/lib/render/table.js'

const job = (id: string, nodes?: Job['nodes'], command = 'chef-client'): Partial<Job> => ({
  id,
  command,
  status: 'complete',
  created_at: 'Tue, 04 Sep 2012 23:01:02 GMT',
  ...(nodes ? {nodes} : {}),
})
const ID = '6e0b432e369904e76de6e95bac99c9e6'
const longCommand = `chef-client -o ${'recipe[very_long_cookbook_name::some_recipe],'.repeat(4)}`

describe('compact tables fit the terminal (issue 9 §3)', () => {
  it('no line is wider than 80 columns by default, and nothing is shortened that fits', () => {
    const table = renderJobTable([job(ID, {succeeded: ['web-1']}, longCommand)], {color: true})
    for (const line of table.trimEnd().split('\n')) assert.ok(visibleWidth(line) <= 80, line)
    assert.match(stripAnsi(table), new RegExp(`^${ID}  chef-clien…  complete  1 +2012-09-04 23:01$`, 'm'), 'the id is whole, the command shortened')
  })
  it('fits the width given (a TTY), and --wide shows every value whole', () => {
    const jobs = [job(ID, undefined, longCommand)]
    for (const line of renderJobTable(jobs, {color: false, columns: 70}).trimEnd().split('\n')) assert.ok(visibleWidth(line) <= 70, line)
    const wide = renderJobTable(jobs, {color: false, wide: true, columns: 70})
    assert.ok(wide.includes(longCommand.trimEnd()), 'whole with wide')
    assert.doesNotMatch(wide, /…/)
    assert.ok(wide.includes('Tue, 04 Sep 2012 23:01:02 GMT'), 'the date as the server sent it')
  })
  it('too narrow even with values shortened (40 columns, a 32-character id): one record of `header: value` lines per row', () => {
    const table = renderJobTable([job(ID, undefined, longCommand), job('b'.repeat(32))], {color: false, columns: 40})
    for (const line of table.trimEnd().split('\n')) assert.ok(visibleWidth(line) <= 40, line)
    const [first, second] = table.split('\n\n')
    assert.equal(first.split('\n')[0], `id: ${ID}`, 'the id whole, the label not padded where that would not fit')
    assert.match(first, /^command: chef-client -o recipe\[very_lo[^\n]*…$/m)
    assert.match(first, /^status: complete$/m)
    assert.match(first, /^created_at: 2012-09-04 23:01$/m)
    assert.match(second, new RegExp(`^id: ${'b'.repeat(32)}$`, 'm'))
    // wide enough to line up the values, too narrow for a row
    const aligned = renderJobTable([job(ID)], {color: false, columns: 50})
    assert.match(aligned, new RegExp(`^id: {9}${ID}\ncommand: {4}chef-client\nstatus: {5}complete\n`))
    assert.ok(renderJobTable([job(ID)], {color: false, columns: 40, wide: true}).startsWith('id  '), '--wide keeps the row layout')
  })
  it('no border, no rule between rows, no trailing spaces', () => {
    const table = renderJobTable([job(ID), job('b'.repeat(32))], {color: false})
    assert.doesNotMatch(table, /[│─┌┐└┘├┤]/)
    assert.equal(table.split('\n').length, 4, 'header, two rows, final newline')
    for (const line of table.split('\n')) assert.equal(line, line.trimEnd())
  })
  it('header bold only with colour', () => {
    assert.match(renderNodeStatusTable([{node_name: 'a', status: 'online', availability: 'available'}], {color: true}), /^\u001B\[1mnode/)
  })
})

describe('job table: which nodes are in which state', () => {
  it('one job: a second table, node by name with its state', () => {
    const table = renderJobTable([job(ID, {succeeded: ['web-2', 'web-10'], failed: ['db-1'], unavailable: ['cache']})], {color: false})
    const [, nodes] = table.split('\n\n')
    assert.equal(nodes, 'node    status\ncache   unavailable\ndb-1    failed\nweb-10  succeeded\nweb-2   succeeded\n')
  })
  it('several jobs (a rollout): the job id on each node row', () => {
    const table = renderJobTable([job(ID, {succeeded: ['a']}), job('b'.repeat(32), {failed: ['b']})], {color: false})
    assert.match(table, new RegExp(`^job +node +status\\n${ID}  a +succeeded\\n${'b'.repeat(32)}  b +failed\\n$`, 'm'))
  })
  it('job start/status -F table go through renderAs', async () => {
    assert.match(await renderAs('table', job(ID, {nacked: ['web-1']}), {color: false}), /^web-1 +nacked$/m)
  })
  it('a long node name is shortened to fit, whole with wide', () => {
    const name = `node-${'x'.repeat(100)}`
    const table = renderJobTable([job(ID, {succeeded: [name]})], {color: false})
    assert.match(table, /^node-x+… +succeeded$/m)
    for (const line of table.trimEnd().split('\n')) assert.ok(visibleWidth(line) <= 80)
    assert.ok(renderJobTable([job(ID, {succeeded: [name]})], {color: false, wide: true}).includes(name))
  })
})

describe('generic table', () => {
  it('values on one line, shortened to fit', () => {
    const table = renderGenericTable([{key: 'a', value: `line one\nline two ${'z'.repeat(100)}`}], {color: false})
    assert.equal(table.split('\n').length, 3)
    assert.match(table, /^a {4}line one line two z+…$/m)
  })
})
