import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {documentTokens} from '../../../../src/lib/zero/search/document.js'
import {buildInvertedIndex} from '../../../../src/lib/zero/search/inverted.js'
import {evaluate} from '../../../../src/lib/zero/search/match.js'
import {parseQuery, QuerySyntaxError} from '../../../../src/lib/zero/search/query.js'
import type {NodeObject} from '../../../../src/lib/zero/types.js'

const node = (name: string, runList: string[], extra: Partial<NodeObject> = {}): NodeObject => ({
  name,
  chef_type: 'node',
  json_class: 'Chef::Node',
  chef_environment: '_default',
  run_list: runList,
  normal: {},
  automatic: {},
  default: {},
  override: {},
  ...extra,
})

const fleet = [
  node('web-01', ['role[webapp]', 'recipe[apache2::default]'], {chef_environment: 'production', automatic: {platform: 'ubuntu', cloud: {provider: 'ec2'}}}),
  node('web-02', ['role[webapp]', 'recipe[apache2]'], {chef_environment: 'staging', automatic: {platform: 'Ubuntu', tags: ['blue', 'edge']}}),
  node('db-01', ['role[db]', 'recipe[postgresql::server]'], {chef_environment: 'production', automatic: {platform: 'centos', cloud: {provider: 'gce'}, cpu: {total: 8}}}),
  node('db-02', ['role[db]'], {normal: {owner: 'team a'}, automatic: {platform: 'centos', cpu: {total: 32}}, override: {owner: 'team b'}}),
]

const index = buildInvertedIndex(fleet, documentTokens)
const names = (query: string): string[] => {
  const hits = evaluate(index, parseQuery(query))
  return fleet.filter((_, i) => hits[i] === 1).map((n) => n.name)
}

const syntaxError = (query: string): string => {
  try {
    parseQuery(query)
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `${query}: ${String(error)}`)
    return error.message
  }

  assert.fail(`'${query}' parsed`)
}

describe('search query: fields', () => {
  it('matches name, chef_environment, role, recipe, roles, recipes', () => {
    assert.deepEqual(names('name:web-01'), ['web-01'])
    assert.deepEqual(names('chef_environment:production'), ['web-01', 'db-01'])
    assert.deepEqual(names('role:db'), ['db-01', 'db-02'])
    // roles/recipes are ordinary attributes: the index no longer makes them up for nodes without
    // them (the engine sets them; see docs/local-search.md), and these test nodes have none
    assert.deepEqual(names('roles:webapp'), [])
    assert.deepEqual(names('recipe:apache2'), ['web-02'])
    assert.deepEqual(names('recipes:apache2\\:\\:default'), [])
    assert.deepEqual(names('run_list:role\\[db\\]'), ['db-01', 'db-02'])
  })

  it('matches backslash-escaped specials and quoted phrases literally', () => {
    assert.deepEqual(names('recipe:apache2\\:\\:default'), ['web-01'])
    // Chef's grammar allows only terms inside quotes, and ':' is not a term character: a 400
    assert.throws(() => names('recipe:"postgresql::server"'), QuerySyntaxError)
    assert.deepEqual(names('owner:"team b"'), ['db-02'])
    assert.deepEqual(names('owner:"team a"'), [], 'override wins over normal')
  })

  it('flattens attributes: leaf keys alone and nested keys joined with _', () => {
    // search is case-sensitive on Chef Server: 'Ubuntu' is another value
    assert.deepEqual(names('platform:ubuntu'), ['web-01'])
    assert.deepEqual(names('cloud_provider:ec2'), ['web-01'])
    assert.deepEqual(names('provider:gce'), ['db-01'])
    assert.deepEqual(names('tags:edge'), ['web-02'])
    assert.deepEqual(names('cpu_total:8'), ['db-01'])
  })

  it('supports * and ? wildcards, *:*, field:* and bare terms', () => {
    assert.deepEqual(names('name:web*'), ['web-01', 'web-02'])
    assert.deepEqual(names('name:db-0?'), ['db-01', 'db-02'])
    assert.deepEqual(names('name:*-02'), ['web-02', 'db-02'])
    assert.deepEqual(names('*:*'), fleet.map((n) => n.name))
    // an empty q is a 400 on Chef Server; only a missing q means every node
    assert.throws(() => names(''), QuerySyntaxError)
    assert.deepEqual(names('cloud_provider:*'), ['web-01', 'db-01'])
    // a bare term matches a whole token, and 'centos' is only ever indexed as platform__=__centos
    assert.deepEqual(names('centos'), [])
  })

  it('supports ranges', () => {
    // ranges compare text, as on Chef Server: '8' sorts after '16' (empty range) and after '32'
    assert.deepEqual(names('cpu_total:[8 TO 16]'), [])
    // Chef's grammar wants matching brackets: {8 TO *] is a 400, {8 TO *} the exclusive range
    assert.throws(() => names('cpu_total:{8 TO *]'), QuerySyntaxError)
    assert.deepEqual(names('cpu_total:{8 TO *}'), [])
    // [ must close with ] and { with }: a mixed range is a 400 in Chef's grammar
    assert.throws(() => names('name:[db-01 TO db-02}'), QuerySyntaxError)
    assert.deepEqual(names('name:[db-01 TO db-01]'), ['db-01'])
  })
})

describe('search query: operators and precedence', () => {
  it('AND, OR, && and ||', () => {
    assert.deepEqual(names('role:db AND platform:centos AND cpu_total:8'), ['db-01'])
    assert.deepEqual(names('role:db && chef_environment:production'), ['db-01'])
    assert.deepEqual(names('name:web-01 OR name:db-02'), ['web-01', 'db-02'])
    assert.deepEqual(names('name:web-01 || name:db-02'), ['web-01', 'db-02'])
  })

  it('bare juxtaposition is OR (Chef default operator)', () => {
    assert.deepEqual(names('name:web-01 name:db-02'), ['web-01', 'db-02'])
  })

  it('AND binds tighter than OR', () => {
    // Lucene has no precedence: AND makes both its neighbours required, so the OR-ed term is optional
    assert.deepEqual(names('name:web-01 OR role:db AND chef_environment:production'), ['db-01'])
    assert.deepEqual(names('(name:web-01 OR role:db) AND chef_environment:production'), ['web-01', 'db-01'])
    assert.deepEqual(names('(name:web-02 OR role:db) AND chef_environment:production'), ['db-01'])
  })

  it('NOT, !, - and +', () => {
    assert.deepEqual(names('role:db AND NOT name:db-01'), ['db-02'])
    assert.deepEqual(names('role:db AND !name:db-01'), ['db-02'])
    assert.deepEqual(names('role:db -name:db-01'), ['db-02'])
    assert.deepEqual(names('NOT role:db'), ['web-01', 'web-02'])
    // case-sensitive: web-02's platform is 'Ubuntu'
    assert.deepEqual(names('-platform:ubuntu'), ['web-02', 'db-01', 'db-02'])
    // Chef's grammar allows '+' only before a bare term or string: '+' before a field is a 400
    assert.throws(() => names('+role:webapp name:db-01'), QuerySyntaxError)
    assert.deepEqual(names('role:db AND -name:db-01'), ['db-02'])
  })

  it('field groups apply the field to every term inside', () => {
    // Chef rewrites FIELD:(…) to the token FIELD__=__ followed by a group of bare terms, which
    // match no key/value token: such queries find nothing on Chef Server
    assert.deepEqual(names('name:(web-01 OR db-02)'), [])
    assert.deepEqual(names('role:(webapp AND NOT db)'), [])
  })

  it('keeps keywords case-sensitive and escaped keywords literal', () => {
    assert.deepEqual(names('name:web-01 and name:db-01'), ['web-01', 'db-01'], '"and" is just a term, OR-ed')
    // only special characters may be escaped in Chef's grammar, so \\A is a 400
    assert.throws(() => parseQuery('name:\\AND'), QuerySyntaxError)
  })
})

describe('search query: syntax errors', () => {
  // The messages now give the position Chef's grammar (or Lucene) stops at; the fragments the
  // old hand-written parser produced are replaced by that position. name^2 (a boost), na*e:web,
  // *:web (wildcard field names) and name:(role:db) are valid for Chef's grammar: moved to
  // chef-rules.test.ts.
  for (const [query, fragment] of [
    ['name:', 'the query ends early (position 6)'],
    ['name:web AND', 'a term is missing at the end (position 13)'],
    ['AND name:web', 'syntax error at position 4'],
    ['(name:web', 'the query ends early (position 10)'],
    ['name:web)', 'syntax error at position 9'],
    ['()', 'empty parentheses at position 1'],
    ['name:"web', 'the query ends early (position 10)'],
    ['recipe:apache2::default', 'syntax error at position 15'],
    ['cpu:[1 TO', 'syntax error at position 7'],
    ['cpu:[1 2]', 'syntax error at position 7'],
    ['[1 TO 2]', 'syntax error at position 1'],
    ['name:web\\', 'the query ends early (position 10)'],
  ]) {
    it(`rejects ${query}`, () => assert.ok(syntaxError(query).includes(fragment), `${query}: ${syntaxError(query)}`))
  }
})
