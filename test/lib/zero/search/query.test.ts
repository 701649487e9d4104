import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {buildDocument} from '../../../../src/lib/zero/search/document.js'
import {compileQuery} from '../../../../src/lib/zero/search/match.js'
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

const names = (query: string): string[] => {
  const matcher = compileQuery(parseQuery(query))
  return fleet.filter((n) => matcher(buildDocument(n))).map((n) => n.name)
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
    assert.deepEqual(names('roles:webapp'), ['web-01', 'web-02'])
    assert.deepEqual(names('recipe:apache2'), ['web-02'])
    assert.deepEqual(names('recipes:apache2\\:\\:default'), ['web-01', 'web-02'])
    assert.deepEqual(names('run_list:role\\[db\\]'), ['db-01', 'db-02'])
  })

  it('matches backslash-escaped specials and quoted phrases literally', () => {
    assert.deepEqual(names('recipe:apache2\\:\\:default'), ['web-01'])
    assert.deepEqual(names('recipe:"postgresql::server"'), ['db-01'])
    assert.deepEqual(names('owner:"team b"'), ['db-02'])
    assert.deepEqual(names('owner:"team a"'), [], 'override wins over normal')
  })

  it('flattens attributes: leaf keys alone and nested keys joined with _', () => {
    assert.deepEqual(names('platform:ubuntu'), ['web-01', 'web-02'], 'case-insensitive values')
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
    assert.deepEqual(names(''), fleet.map((n) => n.name))
    assert.deepEqual(names('cloud_provider:*'), ['web-01', 'db-01'])
    assert.deepEqual(names('centos'), ['db-01', 'db-02'])
  })

  it('supports ranges', () => {
    assert.deepEqual(names('cpu_total:[8 TO 16]'), ['db-01'])
    assert.deepEqual(names('cpu_total:{8 TO *]'), ['db-02'])
    assert.deepEqual(names('name:[db-01 TO db-02}'), ['db-01'])
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
    assert.deepEqual(names('name:web-01 OR role:db AND chef_environment:production'), ['web-01', 'db-01'])
    assert.deepEqual(names('(name:web-01 OR role:db) AND chef_environment:production'), ['web-01', 'db-01'])
    assert.deepEqual(names('(name:web-02 OR role:db) AND chef_environment:production'), ['db-01'])
  })

  it('NOT, !, - and +', () => {
    assert.deepEqual(names('role:db AND NOT name:db-01'), ['db-02'])
    assert.deepEqual(names('role:db AND !name:db-01'), ['db-02'])
    assert.deepEqual(names('role:db -name:db-01'), ['db-02'])
    assert.deepEqual(names('NOT role:db'), ['web-01', 'web-02'])
    assert.deepEqual(names('-platform:ubuntu'), ['db-01', 'db-02'])
    assert.deepEqual(names('+role:webapp name:db-01'), ['web-01', 'web-02'])
    assert.deepEqual(names('role:db AND -name:db-01'), ['db-02'])
  })

  it('field groups apply the field to every term inside', () => {
    assert.deepEqual(names('name:(web-01 OR db-02)'), ['web-01', 'db-02'])
    assert.deepEqual(names('role:(webapp AND NOT db)'), ['web-01', 'web-02'])
  })

  it('keeps keywords case-sensitive and escaped keywords literal', () => {
    assert.deepEqual(names('name:web-01 and name:db-01'), ['web-01', 'db-01'], '"and" is just a term, OR-ed')
    assert.deepEqual(parseQuery('name:\\AND'), {type: 'term', field: 'name', parts: [{literal: 'AND'}]})
  })
})

describe('search query: syntax errors', () => {
  for (const [query, fragment] of [
    ['name:', 'must be followed by a value'],
    ['name:web AND', 'ends where a term was expected'],
    ['AND name:web', 'unexpected AND'],
    ['(name:web', "missing ')'"],
    ['name:web)', "unexpected ')'"],
    ['()', 'empty parentheses'],
    ['name:"web', 'unterminated quoted phrase'],
    ['recipe:apache2::default', 'escape a literal colon'],
    ['cpu:[1 TO', 'unterminated range'],
    ['cpu:[1 2]', 'LOW TO HIGH'],
    ['[1 TO 2]', 'needs a field'],
    ['na*e:web', 'wildcards are not allowed in field names'],
    ['*:web', "only be used as '*:*'"],
    ['name:web\\', 'lone backslash'],
    ['name:(role:db)', 'use a field only once'],
    ['name^2', "unexpected '^'"],
  ]) {
    it(`rejects ${query}`, () => assert.match(syntaxError(query), new RegExp(fragment.replaceAll(/[()*[\]^\\]/g, '\\$&'))))
  }
})
