// Node search answers as Chef Server does (issue 14). Every expected set below was worked out by
// hand from Chef's indexing and query rules, not by running pushy zero: nodes become KEY__=__VALUE
// tokens (case kept, nested keys under their path and their own name, key names as values of
// their parent, arrays element by element, values split on whitespace), and a query is Chef's
// grammar + rewrite + Lucene's occur flags.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {nodeObject} from '../../../../src/lib/zero/engine/search.js'
import {defaultFleet} from '../../../../src/lib/zero/fleet.js'
import {NodeIndex} from '../../../../src/lib/zero/search/index.js'
import {QuerySyntaxError} from '../../../../src/lib/zero/search/query.js'
import {fleetNode} from '../../../helpers/zero.js'

const A = 'web-01'
const B = 'web-02'
const C = 'MixedCase-Node'
const D = 'db_01.prod:main'
const E = 'cache.01'
const F = 'app:7'
const ALL = [A, B, C, D, E, F]

const fleet = [
  fleetNode(A, {
    runList: ['role[webapp]', 'recipe[nginx]', 'recipe[base::users@1.2.0]'],
    chefEnvironment: 'production',
    attributes: {
      platform: 'ubuntu',
      platform_version: '22.04',
      memory_mb: 16384,
      cpu: {total: 8, real: true},
      kernel: {machine: 'x86_64', name: 'Linux'},
      tags: ['blue', 'Canary'],
      description: 'primary web server',
      monitored: true,
      team: null,
    },
  }),
  fleetNode(B, {
    runList: ['role[webapp]'],
    chefEnvironment: 'staging',
    attributes: {platform: 'Ubuntu', memory_mb: 9000, kernel: {machine: 'aarch64'}, tags: ['green'], description: 'backup web', monitored: false, cloud: {provider: 'ec2', region: 'us-east-1'}},
  }),
  fleetNode(C, {
    runList: ['role[WebApp]'],
    chefEnvironment: 'Production',
    attributes: {platform: 'centos', memory_mb: 2048, kernel: {name: 'Linux', os: {family: 'rhel'}}, tags: [], ports: [80, 443]},
  }),
  fleetNode(D, {
    runList: ['role[db]', 'recipe[postgresql::server]'],
    chefEnvironment: 'production',
    attributes: {platform: 'debian', memory_mb: 65536, disks: [{name: 'sda', size: 100}, {name: 'sdb', size: 2000}], description: 'Primary database', owner: {team: 'Data Eng'}},
  }),
  fleetNode(E, {
    runList: ['role[cache]', 'recipe[redis]'],
    chefEnvironment: 'staging',
    attributes: {platform: 'debian', memory_mb: 512, 'weird-key': 'a_b', enabled: 'true', score: 3.5},
  }),
  // top-level fields win over attributes of the same name
  fleetNode(F, {attributes: {name: 'shadow', role: 'fake'}}),
].map((node) => nodeObject(node))

const index = new NodeIndex(() => fleet)
const found = (q: string): string[] => index.search({q}).rows.map((node) => node.name).sort()
const sorted = (names: string[]): string[] => [...names].sort()

const TABLE: Array<[rule: string, query: string, expected: string[]]> = [
  // case-sensitive values, fields and operators
  ['case', 'role:webapp', [A, B]],
  ['case', 'role:WebApp', [C]],
  ['case', 'roles:webapp', [A, B]],
  ['case', 'platform:ubuntu', [A]],
  ['case', 'platform:Ubuntu', [B]],
  ['case', 'chef_environment:production', [A, D]],
  ['case', 'chef_environment:Production', [C]],
  ['case', 'tags:Canary', [A]],
  ['case', 'tags:canary', []],
  ['case', 'name:MixedCase-Node', [C]],
  ['case', 'name:mixedcase-node', []],
  ['case', 'kernel_name:linux', []],
  ['case', 'kernel_name:Linux', [A, C]],
  ['case: lower-case and is a term, OR-ed', 'role:webapp and chef_environment:staging', [A, B, E]],
  ['case: upper-case AND', 'role:webapp AND chef_environment:staging', [B]],
  // ranges compare text
  ['range', 'memory_mb:[10000 TO *]', [A, B, C, D, E]],
  ['range', 'memory_mb:[2000 TO 9000]', [B, C, D, E]],
  ['range', 'memory_mb:{2048 TO 9000}', [D, E]],
  ['range', 'memory_mb:[* TO 2048]', [A, C]],
  ['range', 'memory_mb:[* TO *]', [A, B, C, D, E]],
  ['range', 'ports:[100 TO 500]', [C]],
  ['range', 'score:[3 TO 4]', [E]],
  ['range', 'name:[cache.01 TO db_01.prod\\:main]', [D, E]],
  // AND/OR without parentheses: occur flags
  ['occur', 'role:db OR role:cache AND platform:debian', [E]],
  ['occur', 'role:cache AND platform:debian OR role:db', [E]],
  ['occur', 'role:webapp AND chef_environment:production OR chef_environment:staging', [A]],
  ['occur', 'role:webapp OR role:db AND NOT platform:debian', []],
  ['occur', 'role:db OR role:cache', [D, E]],
  ['occur', '(role:db OR role:cache) AND platform:debian', [D, E]],
  ['occur', 'role:webapp && platform:ubuntu', [A]],
  ['occur', 'role:webapp || role:cache', [A, B, E]],
  ['occur: juxtaposition is OR', 'role:webapp role:cache', [A, B, E]],
  ['occur', 'NOT role:webapp', [C, D, E, F]],
  ['occur', '-role:webapp', [C, D, E, F]],
  ['occur', '!role:webapp', [C, D, E, F]],
  ['occur', '! role:webapp', [C, D, E, F]],
  ['occur', 'role:webapp -platform:ubuntu', [B]],
  ['occur', 'role:webapp NOT platform:ubuntu', [B]],
  ['occur', 'role:webapp !platform:ubuntu', [B]],
  ['occur', 'role:webapp AND NOT platform:ubuntu', [B]],
  ['occur', 'NOT (role:db OR role:cache)', [A, B, C, F]],
  ['occur: a group of only NOT finds every other node', 'role:webapp AND (NOT platform:ubuntu)', [B]],
  ['occur', '+web -server', [B]],
  ['occur', 'role:db AND *:*', [D]],
  // a key name is a value of its parent
  ['key as value', 'kernel:machine', [A, B]],
  ['key as value', 'kernel:os', [C]],
  ['key as value', 'cloud:region', [B]],
  ['key as value', 'disks:size', [D]],
  ['key as value', 'cpu:total', [A]],
  ['key as value', 'owner:team', [D]],
  // nested keys: whole path joined with _, and the deepest name alone (only those two)
  ['nested', 'machine:x86_64', [A]],
  ['nested', 'kernel_machine:aarch64', [B]],
  ['nested', 'provider:ec2', [B]],
  ['nested', 'cloud_provider:ec2', [B]],
  ['nested', 'family:rhel', [C]],
  ['nested', 'kernel_os_family:rhel', [C]],
  ['nested', 'os_family:rhel', []],
  ['nested: a nested name key is a name too', 'name:Linux', [A, C]],
  ['nested', 'owner_team:Data', [D]],
  ['top-level fields win over attributes', 'name:shadow', []],
  ['top-level fields win over attributes', 'role:fake', []],
  // arrays, numbers, booleans, null
  ['array', 'tags:blue', [A]],
  ['array', 'tags:green', [B]],
  ['array', 'ports:443', [C]],
  ['array of objects', 'disks_name:sdb', [D]],
  ['array of objects', 'name:sda', [D]],
  ['array of objects', 'size:2000', [D]],
  ['number', 'cpu_total:8', [A]],
  ['number', 'total:8', [A]],
  ['number', 'score:3.5', [E]],
  ['number', 'platform_version:22.04', [A]],
  ['boolean', 'monitored:true', [A]],
  ['boolean', 'monitored:false', [B]],
  ['boolean', 'cpu_real:true', [A]],
  ['boolean as text', 'enabled:true', [E]],
  ['null is the empty value', 'team:*', [A, D]],
  // multi-word values: only the first word keeps its key
  ['multi-word', 'description:primary', [A]],
  ['multi-word', 'description:web', []],
  ['multi-word', 'web', [A, B]],
  ['multi-word', 'server', [A]],
  ['multi-word', 'description:Primary', [D]],
  ['multi-word', 'database', [D]],
  ['multi-word', 'team:Data', [D]],
  ['multi-word', 'team:Eng', []],
  ['multi-word', 'Eng', [D]],
  ['multi-word: a bare term is a whole token', 'ubuntu', []],
  // phrases
  ['phrase', 'description:"primary web"', [A]],
  ['phrase', 'description:"web server"', []],
  ['phrase', '"web server"', [A]],
  ['phrase', '"primary web"', []],
  ['phrase', 'team:"Data Eng"', [D]],
  ['phrase: one word is a term', 'chef_environment:"production"', [A, D]],
  ['phrase with slop', '"primary server"~1', []],
  ['phrase with slop', '"web server"~1', [A]],
  // wildcards, anchored to the whole value
  ['wildcard', 'name:web*', [A, B]],
  ['wildcard', 'name:web-0?', [A, B]],
  ['wildcard', 'name:*-Node', [C]],
  ['wildcard', 'name:*node', []],
  ['wildcard', 'platform:*buntu', [A, B]],
  ['wildcard', 'platform:ubunt?', [A]],
  ['wildcard', 'platform:ubu', []],
  ['wildcard', 'recipes:nginx*', [A]],
  ['wildcard', 'kernel_machine:*', [A, B]],
  ['wildcard', 'cloud_*:us-east-1', [B]],
  ['wildcard in a field name', 'na*e:sda', [D]],
  ['wildcard field', '*:debian', [D, E]],
  ['every node', '*:*', ALL],
  ['every node', '*', ALL],
  ['every node', 'chef_type:node', ALL],
  ['every node', 'X_CHEF_type_CHEF_X:node', ALL],
  // names and values with - . _ : and run-list entries
  ['names', 'name:db_01.prod\\:main', [D]],
  ['names', 'name:cache.01', [E]],
  ['names', 'name:app\\:7', [F]],
  ['names', 'name:web-01', [A]],
  ['names', 'weird-key:a_b', [E]],
  ['names', 'region:us-east-1', [B]],
  ['run list as written', 'recipe:base\\:\\:users@1.2.0', [A]],
  ['run list as written', 'recipe:nginx\\:\\:default', []],
  ['run list as written', 'recipe:postgresql\\:\\:server', [D]],
  ['run list as written', 'run_list:role\\[WebApp\\]', [C]],
  ['run list as written', 'run_list:recipe\\[nginx\\]', [A]],
  ['recipes as a chef-client run sets them', 'recipes:nginx\\:\\:default', [A]],
  ['recipes as a chef-client run sets them', 'recipes:base\\:\\:users', [A]],
  ['recipes as a chef-client run sets them', 'recipes:redis', [E]],
  // Chef's rewrite glues FIELD: to a term only
  ['field group', 'role:(webapp OR db)', []],
  ['boost is ignored', 'web^2', [A, B]],
  ['keyword prefix is a term', 'ANDROID', []],
  ['fuzzy', 'platform:ubunty~', [A, B]],
  ['fuzzy', 'platform:ubunty~1', [A]],
  ['fuzzy', 'platform:ubuntu~0', [A]],
]

describe('node search follows Chef Server (table)', () => {
  it('has at least 80 queries', () => assert.ok(TABLE.length >= 80, String(TABLE.length)))
  for (const [rule, query, expected] of TABLE) {
    it(`${rule}: ${query}`, () => assert.deepEqual(found(query), sorted(expected)))
  }
})

const ERRORS: Array<[query: string, message: RegExp]> = [
  ['', /empty/],
  ['   ', /empty/],
  ['\\-', /position 2/],
  ['name:web\\-01', /position 10/],
  ['+role:db', /position 6.*'\+' cannot go before a field/],
  ['*:* AND role:db', /position 4/],
  ['NOT role:db AND role:cache', /syntax error/],
  ['-(role:db)', /position 2/],
  ['role:db AND', /missing at the end/],
  ['AND role:db', /position 4/],
  ['role:AND', /ends early \(position 9\)/],
  // `?` may not start a term in Chef's grammar
  ['platform:?buntu', /position 10/],
  ['name:web-01^2', /position 12/],
  ['role:[a TO b}', /position 13/],
  ['path:/var', /'\/' at position 6 must be escaped/],
  ['name:"a:b"', /position 8/],
  ['platform:ubuntu~3', /at most 2 edits/],
  ['(role:db) ()', /empty parentheses at position 11/],
]

describe('node search: what Chef refuses is a syntax error with its position', () => {
  for (const [query, message] of ERRORS) {
    it(`rejects ${JSON.stringify(query)}`, () => {
      assert.throws(() => index.search({q: query}), (error: unknown) => error instanceof QuerySyntaxError && message.test(error.message))
    })
  }

  it('a missing q is every node', () => assert.equal(index.search({}).total, ALL.length))
})

describe('the default fleet', () => {
  const defaults = new NodeIndex(() => defaultFleet().nodes.map((node) => nodeObject(node)))
  const names = (q: string): string[] => defaults.search({q}).rows.map((node) => node.name)
  it('role:webapp finds the ten web nodes; role:WebApp none (case-sensitive)', () => {
    assert.deepEqual(names('role:webapp'), Array.from({length: 10}, (_, i) => `web-${String(i + 1).padStart(2, '0')}`))
    assert.deepEqual(names('role:WebApp'), [])
  })
})
