import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {evaluateConfigRb} from '../../../src/lib/config/ruby-config.js'
import {RubyConstant, RubyHash, RubySymbol, type RubyValue} from '../../../src/lib/config/ruby-values.js'

const FILE = '/repo/.chef/config.rb'
const context = {file: FILE, env: {HOME: '/home/u', USER: 'u', CHEF_ORG: 'acme'}, cwd: '/repo'}

const read = (source: string): Map<string, RubyValue> => new Map([...evaluateConfigRb(source, context)].map(([name, {value}]) => [name, value]))
const value = (source: string, setting = 'x'): RubyValue => read(source).get(setting)!

/** The config must be refused with a usage error naming the file and the line. */
function refuses(source: string, line: number, pattern: RegExp): void {
  assert.throws(() => evaluateConfigRb(source, context), (error: unknown) => {
    assert.ok(error instanceof PushyError)
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.ok(error.message.startsWith(`${FILE}:${line}: `), error.message)
    assert.match(error.message, pattern)
    return true
  })
}

describe('config.rb values', () => {
  it('reads double and single quoted strings', () => {
    assert.equal(value('x "a\\tb"'), 'a\tb')
    assert.equal(value("x 'a\\tb\\'c'"), "a\\tb'c")
  })

  it('reads setting(value) and setting (value)', () => {
    assert.equal(value('x("a")'), 'a')
    assert.equal(value('x ("a")'), 'a')
  })

  it('reads symbols, numbers, booleans, nil and constants', () => {
    assert.deepEqual(value('x :verify_none'), new RubySymbol('verify_none'))
    assert.equal(value('x 3'), 3)
    assert.equal(value('x 1.5'), 1.5)
    assert.equal(value('x true'), true)
    assert.equal(value('x false'), false)
    assert.equal(value('x nil'), null)
    assert.deepEqual(value('x STDOUT'), new RubyConstant('STDOUT'))
  })

  it('reads arrays over several lines and hashes in both spellings', () => {
    assert.deepEqual(value('x [\n  "a",\n  "b",\n]'), ['a', 'b'])
    assert.deepEqual(value('x({:a => 1, b: "c"})'), new RubyHash([[new RubySymbol('a'), 1], [new RubySymbol('b'), 'c']]))
    assert.deepEqual(value('cache_options( :path => "/c" )', 'cache_options'), new RubyHash([[new RubySymbol('path'), '/c']]))
  })

  it('interpolates locals, ENV and helpers', () => {
    assert.equal(value('d = File.dirname(__FILE__)\nx "#{d}/u.pem"'), '/repo/.chef/u.pem')
    assert.equal(value('x "#{ENV[\'HOME\']}/.chef/#{ENV["USER"]}.pem"'), '/home/u/.chef/u.pem')
    assert.equal(value('x "a#{nil}b#{:c}#{1}#{}"'), 'abc1')
    assert.equal(value('x "#1 and \\#{not}"'), '#1 and #{not}')
  })

  it('knows __FILE__, __dir__, File.join, File.expand_path and Dir.pwd', () => {
    assert.equal(value('x __FILE__'), FILE)
    assert.equal(value('x __dir__'), '/repo/.chef')
    assert.equal(value("x File.join(__dir__, 'keys', 'u.pem')"), '/repo/.chef/keys/u.pem')
    assert.equal(value("x File.join(['a', ['b']], 'c')"), 'a/b/c')
    assert.equal(value("x File.expand_path('../k.pem', __dir__)"), '/repo/k.pem')
    assert.equal(value("x File.expand_path('~/.chef/k.pem')"), '/home/u/.chef/k.pem')
    assert.equal(value('x Dir.pwd'), '/repo')
  })

  it('reads ENV, ENV.fetch with and without a default, and ||', () => {
    assert.equal(value("x ENV['CHEF_ORG']"), 'acme')
    assert.equal(value("x ENV['NOPE']"), null)
    assert.equal(value("x ENV.fetch('CHEF_ORG')"), 'acme')
    assert.equal(value("x ENV.fetch('NOPE', 'dflt')"), 'dflt')
    assert.equal(value("x ENV['NOPE'] || 'dflt'"), 'dflt')
    assert.equal(value("x ENV['USER'] || 'dflt'"), 'u')
    // The right of || is not evaluated when the left is set, as in Ruby.
    assert.equal(value("x ENV['USER'] || ENV.fetch('NOPE')"), 'u')
  })

  it('adds strings with +', () => assert.equal(value('d = "/a"\nx d + "/b"'), '/a/b'))

  it('lets the last assignment win and remembers its line', () => {
    const settings = evaluateConfigRb('x "a"\n\n# c\nx "b" # again\n', context)
    assert.deepEqual(settings.get('x'), {value: 'b', line: 4})
  })

  it('ignores comments, blank lines, require, knife[...] and ; separated statements', () => {
    const settings = read([
      '# comment',
      "require 'etc'",
      'require_relative "helpers"',
      '',
      "knife[:editor] = 'vim'",
      'knife[:list] = [',
      '  "a",',
      ']',
      "log_level :info; node_name 'n'   # trailing",
    ].join('\n'))
    assert.deepEqual([...settings.keys()], ['log_level', 'node_name'])
    assert.equal(settings.get('node_name'), 'n')
  })

  it('does not treat `setting = value` as a setting: in Ruby that is a local variable', () => {
    assert.equal(read('node_name = "n"').has('node_name'), false)
  })

  it('follows a backslash line continuation', () => assert.equal(value('x \\\n  "a"'), 'a'))
})

describe('config.rb it refuses, naming file and line', () => {
  it('if', () => refuses('x "a"\nif true\n  x "b"\nend', 2, /cannot understand `if`/))
  it('a trailing if', () => refuses('x "a" if ENV["CI"]', 1, /cannot understand `if` here/))
  it('begin/rescue', () => refuses('\n\nbegin\n  x "a"\nrescue\nend', 3, /`begin`/))
  it('def', () => refuses('def k\n  "a"\nend', 1, /`def`/))
  it('a block', () => refuses('x "a" do\nend', 1, /`do`/))
  it('an unbalanced quote', () => refuses('x "a"\ny "b\nz 1', 2, /cannot understand a string that is never closed \(unbalanced "\)/))
  it('an unclosed interpolation', () => refuses('x "#{a"', 1, /never closed/))
  it('an unknown name', () => refuses('x current_dir', 1, /`current_dir` \(not a local variable/))
  it('an unknown helper', () => refuses('x File.read("/k")', 1, /File\.read/))
  it('a method call on a value', () => refuses('x "a".upcase', 1, /cannot understand `\.`/))
  it('a constant statement', () => refuses('Chef::Config[:x] = 1', 1, /`Chef`/))
  it('ENV.fetch of an unset variable', () => refuses('\nx ENV.fetch("NOPE")', 2, /NOPE is not set/))
  it('File.join of nil', () => refuses('x File.join(ENV["NOPE"], "a")', 1, /needs strings, not nil/))
  it('an array inside interpolation', () => refuses('a = [1]\nx "#{a}"', 2, /array/))
  it('a bare setting name', () => refuses('x', 1, /without a value/))
  it('a heredoc', () => refuses('x <<~EOS\nhi\nEOS', 1, /`<<`/))
  it('a ternary', () => refuses('x ENV["A"] ? "a" : "b"', 1, /cannot understand the character ":"/))
})
