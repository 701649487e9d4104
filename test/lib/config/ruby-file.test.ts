import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {rubyDirname, rubyExpandPath, rubyFileJoin} from '../../../src/lib/config/ruby-file.js'

// Expected values are what ruby 3.1 prints for the same calls.
describe('File.join', () => {
  const cases: Array<[string[], string]> = [
    [['a/', '/b'], 'a/b'],
    [['a//', 'b'], 'a//b'],
    [['a', 'b/'], 'a/b/'],
    [[''], ''],
    [['', 'x'], '/x'],
    [['/etc', 'chef', 'client.pem'], '/etc/chef/client.pem'],
    [['/x/.chef', '..', 'cookbooks'], '/x/.chef/../cookbooks'],
  ]
  for (const [parts, expected] of cases) it(`${JSON.stringify(parts)} → ${expected}`, () => assert.equal(rubyFileJoin(parts), expected))
})

describe('File.dirname', () => {
  const cases: Array<[string, string]> = [['a//b//', 'a'], ['x.rb', '.'], ['/', '/'], ['/a', '/'], ['.chef/config.rb', '.chef'], ['/h/.chef/config.rb', '/h/.chef']]
  for (const [path, expected] of cases) it(`${path} → ${expected}`, () => assert.equal(rubyDirname(path), expected))
})

describe('File.expand_path', () => {
  const where = {cwd: '/work/repo', home: '/home/u'}
  it('expands ~ and normalises', () => assert.equal(rubyExpandPath('~/x/../y/', undefined, where), '/home/u/y'))
  it('expands ~ in the base', () => assert.equal(rubyExpandPath('a', '~', where), '/home/u/a'))
  it('resolves .. against a base', () => assert.equal(rubyExpandPath('../k.pem', '/t/a/b', where), '/t/a/k.pem'))
  it('resolves a relative base against the working directory', () => assert.equal(rubyExpandPath('k.pem', '.chef', where), '/work/repo/.chef/k.pem'))
  it('collapses // and .', () => assert.equal(rubyExpandPath('/a//b/./c', undefined, where), '/a/b/c'))
  it('refuses ~user', () => assert.throws(() => rubyExpandPath('~bob/x', undefined, where), /~bob/))
  it('refuses ~ without HOME', () => assert.throws(() => rubyExpandPath('~/x', undefined, {cwd: '/', home: undefined}), /HOME/))
})
