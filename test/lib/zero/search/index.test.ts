import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {extractPartial, NodeIndex, parsePartialSpec, SearchParameterError} from '../../../../src/lib/zero/search/index.js'
import {QuerySyntaxError} from '../../../../src/lib/zero/search/query.js'
import type {NodeObject} from '../../../../src/lib/zero/types.js'

const node = (name: string, automatic: Record<string, unknown> = {}): NodeObject => ({
  name,
  chef_type: 'node',
  json_class: 'Chef::Node',
  chef_environment: '_default',
  run_list: ['role[app]'],
  normal: {},
  automatic,
  default: {},
  override: {},
})

// Deliberately out of order: results must come back sorted by name.
const nodes = Array.from({length: 25}, (_, i) => node(`app-${String((i * 7) % 25).padStart(2, '0')}`, {zone: i % 2 === 0 ? 'a' : 'b', ipaddress: `10.0.0.${i}`}))
const index = new NodeIndex(() => nodes)

describe('NodeIndex paging and sorting', () => {
  it('counts every match in total and returns one page sorted by name', () => {
    const page = index.search({q: 'role:app', start: '5', rows: '10'})
    assert.equal(page.total, 25)
    assert.equal(page.start, 5)
    assert.deepEqual(
      page.rows.map((n) => n.name),
      Array.from({length: 10}, (_, i) => `app-${String(i + 5).padStart(2, '0')}`),
    )
  })

  it('defaults to start 0 and 1000 rows; past the end gives an empty page', () => {
    assert.equal(index.search({q: '*:*'}).rows.length, 25)
    assert.deepEqual(index.search({q: '*:*', start: '30'}), {total: 25, start: 30, rows: []})
    assert.equal(index.search({q: '*:*', rows: '0'}).rows.length, 0)
  })

  it('reads every page without duplicates or gaps', () => {
    const seen: string[] = []
    for (let start = 0; ; start += 4) {
      const page = index.search({q: 'zone:a', start: String(start), rows: '4'})
      seen.push(...page.rows.map((n) => n.name))
      if (start + 4 >= page.total) break
    }

    assert.deepEqual(seen, index.search({q: 'zone:a'}).rows.map((n) => n.name))
    assert.equal(new Set(seen).size, 13)
  })

  it('sorts by another field, descending, with name as tie-breaker', () => {
    const rows = index.search({q: '*:*', sort: 'zone desc', rows: '3'}).rows
    assert.deepEqual(rows.map((n) => n.automatic.zone), ['b', 'b', 'b'])
    assert.ok(rows[0].name < rows[1].name)
  })

  it('rejects bad paging parameters and bad syntax with distinct errors', () => {
    assert.throws(() => index.search({rows: '-1'}), SearchParameterError)
    assert.throws(() => index.search({start: 'x'}), SearchParameterError)
    assert.throws(() => index.search({sort: 'a b c'}), SearchParameterError)
    assert.throws(() => index.search({q: 'name:('}), QuerySyntaxError)
  })

  it('finds nodes by name and lists names sorted', () => {
    assert.equal(index.find('app-03')?.name, 'app-03')
    assert.equal(index.find('nope'), undefined)
    assert.equal(index.names()[0], 'app-00')
  })
})

describe('partial search', () => {
  const web = {...node('web', {ipaddress: '10.1.1.1', cloud: {provider: 'ec2'}}), normal: {ipaddress: 'shadowed'}, chef_environment: 'prod'}

  it('extracts top-level fields, merged attributes, nested paths and precedence levels', () => {
    const spec = parsePartialSpec({name: ['name'], env: ['chef_environment'], ip: ['ipaddress'], provider: ['cloud', 'provider'], normal_ip: ['normal', 'ipaddress'], missing: ['nope', 'deeper']})
    assert.deepEqual(extractPartial(web, spec), {name: 'web', env: 'prod', ip: '10.1.1.1', provider: 'ec2', normal_ip: 'shadowed', missing: null})
  })

  it('rejects bodies that are not KEY: [path…]', () => {
    for (const body of [null, [], 'x', {a: 'name'}, {a: []}, {a: [1]}]) assert.throws(() => parsePartialSpec(body), SearchParameterError)
  })
})
