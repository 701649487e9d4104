// How a node becomes search tokens (Chef Server's indexing), checked on the tokens themselves.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {documentTokens} from '../../../../src/lib/zero/search/document.js'
import type {NodeObject} from '../../../../src/lib/zero/types.js'

const node = (extra: Partial<NodeObject>): NodeObject => ({
  name: 'n1',
  chef_type: 'node',
  json_class: 'Chef::Node',
  chef_environment: '_default',
  run_list: [],
  normal: {},
  automatic: {},
  default: {},
  override: {},
  ...extra,
})

const attributeTokens = (extra: Partial<NodeObject>): string[] =>
  documentTokens(node(extra)).filter((token) => !/^(name|chef_type|chef_environment|X_CHEF_type_CHEF_X)__=__/.test(token))

describe('search document', () => {
  it('merges default < normal < override < automatic', () => {
    const tokens = attributeTokens({default: {a: 'd', b: 'd', c: 'd', e: 'd'}, normal: {b: 'n', c: 'n', e: 'n'}, override: {c: 'o', e: 'o'}, automatic: {e: 'auto'}})
    assert.deepEqual(tokens, ['a__=__d', 'b__=__n', 'c__=__o', 'e__=__auto'])
  })

  it('indexes a nested key under its path and its own name, and the key as a value of its parent', () => {
    assert.deepEqual(attributeTokens({automatic: {kernel: {os: {family: 'rhel'}}}}), ['family__=__rhel', 'kernel__=__os', 'kernel_os__=__family', 'kernel_os_family__=__rhel', 'os__=__family'])
  })

  it('writes numbers in decimal, booleans as text and null as the empty value; drops duplicates', () => {
    assert.deepEqual(attributeTokens({automatic: {n: 42, f: 1.5, t: true, no: false, z: null, cpu: {n: 42}}}), ['cpu__=__n', 'cpu_n__=__42', 'f__=__1.5', 'n__=__42', 'no__=__false', 't__=__true', 'z__=__'])
  })

  it('indexes each array element under the array key, objects in arrays like nested objects', () => {
    assert.deepEqual(attributeTokens({automatic: {tags: ['b', 'a', 'b'], disks: [{size: 1}]}}), ['disks__=__size', 'disks_size__=__1', 'size__=__1', 'tags__=__a', 'tags__=__b'])
  })

  it('keeps case and splits values on whitespace only: the first word keeps the key', () => {
    assert.deepEqual(attributeTokens({automatic: {d: 'Primary  web-server\tX'}}), ['d__=__Primary', 'web-server', 'X'])
  })

  it('adds name, chef_type, chef_environment, run_list and the run list as written under recipe/role', () => {
    const tokens = documentTokens(node({run_list: ['role[Web]', 'recipe[a::b@1.0]'], automatic: {name: 'attr', run_list: 'x'}}))
    assert.deepEqual(tokens, [
      'X_CHEF_type_CHEF_X__=__node',
      'chef_environment__=___default',
      'chef_type__=__node',
      'name__=__n1',
      'recipe__=__a::b@1.0',
      'role__=__Web',
      'run_list__=__recipe[a::b@1.0]',
      'run_list__=__role[Web]',
    ])
  })
})
