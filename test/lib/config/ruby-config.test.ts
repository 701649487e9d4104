import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {evaluateConfigRb} from '../../../src/lib/config/ruby-config.js'
import {RubyConstant, RubyHash, RubySymbol, type RubyValue} from '../../../src/lib/config/ruby-values.js'

const FILE = '/repo/.chef/config.rb'
const context = {file: FILE, env: {HOME: '/home/u', USER: 'u', CHEF_ORG: 'acme'}, cwd: '/repo'}

const read = (source: string): Map<string, RubyValue> => new Map([...evaluateConfigRb(source, context)].map(([name, {value}]) => [name, value]))
const value = (source: string, setting = 'editor'): RubyValue => read(source).get(setting)!

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
    assert.equal(value('editor "a\\tb"'), 'a\tb')
    assert.equal(value("editor 'a\\tb\\'c'"), "a\\tb'c")
  })

  it('reads setting(value) and setting (value)', () => {
    assert.equal(value('editor("a")'), 'a')
    assert.equal(value('editor ("a")'), 'a')
  })

  it('reads symbols, numbers, booleans, nil and constants', () => {
    assert.deepEqual(value('editor :verify_none'), new RubySymbol('verify_none'))
    assert.equal(value('editor 3'), 3)
    assert.equal(value('editor 1.5'), 1.5)
    assert.equal(value('editor true'), true)
    assert.equal(value('editor false'), false)
    assert.equal(value('editor nil'), null)
    assert.deepEqual(value('editor STDOUT'), new RubyConstant('STDOUT'))
  })

  it('reads arrays over several lines and hashes in both spellings', () => {
    assert.deepEqual(value('editor [\n  "a",\n  "b",\n]'), ['a', 'b'])
    assert.deepEqual(value('editor({:a => 1, b: "c"})'), new RubyHash([[new RubySymbol('a'), 1], [new RubySymbol('b'), 'c']]))
    assert.deepEqual(value('cache_options( :path => "/c" )', 'cache_options'), new RubyHash([[new RubySymbol('path'), '/c']]))
  })

  it('interpolates locals, ENV and helpers', () => {
    assert.equal(value('d = File.dirname(__FILE__)\neditor "#{d}/u.pem"'), '/repo/.chef/u.pem')
    assert.equal(value('editor "#{ENV[\'HOME\']}/.chef/#{ENV["USER"]}.pem"'), '/home/u/.chef/u.pem')
    assert.equal(value('editor "a#{nil}b#{:c}#{1}#{}"'), 'abc1')
    assert.equal(value('editor "#1 and \\#{not}"'), '#1 and #{not}')
  })

  it('knows __FILE__, __dir__, File.join, File.expand_path and Dir.pwd', () => {
    assert.equal(value('editor __FILE__'), FILE)
    assert.equal(value('editor __dir__'), '/repo/.chef')
    assert.equal(value("editor File.join(__dir__, 'keys', 'u.pem')"), '/repo/.chef/keys/u.pem')
    assert.equal(value("editor File.join(['a', ['b']], 'c')"), 'a/b/c')
    assert.equal(value("editor File.expand_path('../k.pem', __dir__)"), '/repo/k.pem')
    assert.equal(value("editor File.expand_path('~/.chef/k.pem')"), '/home/u/.chef/k.pem')
    assert.equal(value('editor Dir.pwd'), '/repo')
  })

  it('reads ENV, ENV.fetch with and without a default, and ||', () => {
    assert.equal(value("editor ENV['CHEF_ORG']"), 'acme')
    assert.equal(value("editor ENV['NOPE']"), null)
    assert.equal(value("editor ENV.fetch('CHEF_ORG')"), 'acme')
    assert.equal(value("editor ENV.fetch('NOPE', 'dflt')"), 'dflt')
    assert.equal(value("editor ENV['NOPE'] || 'dflt'"), 'dflt')
    assert.equal(value("editor ENV['USER'] || 'dflt'"), 'u')
    // The right of || is not evaluated when the left is set, as in Ruby.
    assert.equal(value("editor ENV['USER'] || ENV.fetch('NOPE')"), 'u')
  })

  it('adds strings with +', () => assert.equal(value('d = "/a"\neditor d + "/b"'), '/a/b'))

  it('lets the last assignment win and remembers its line', () => {
    const settings = evaluateConfigRb('editor "a"\n\n# c\neditor "b" # again\n', context)
    assert.deepEqual(settings.get('editor'), {value: 'b', file: FILE, line: 4})
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
    assert.deepEqual([...settings.keys()], ['knife.editor', 'knife.list', 'log_level', 'node_name'])
    assert.equal(settings.get('node_name'), 'n')
    assert.deepEqual(settings.get('knife.list'), ['a'])
  })

  it('does not treat `setting = value` as a setting: in Ruby that is a local variable', () => {
    assert.equal(read('node_name = "n"').has('node_name'), false)
  })

  it('follows a backslash line continuation', () => assert.equal(value('editor \\\n  "a"'), 'a'))
})

describe('config.rb it refuses, naming file and line', () => {
  it('if', () => refuses('editor "a"\nif true\n  editor "b"\nend', 2, /cannot understand `if`/))
  it('a trailing if on something other than File/ENV/settings', () => refuses('editor "a" if system("true")', 1, /`system`/))
  it('an if without a condition', () => refuses('editor "a" if', 1, /`if` without a condition/))
  it('begin/rescue', () => refuses('\n\nbegin\n  editor "a"\nrescue\nend', 3, /`begin`/))
  it('def', () => refuses('def k\n  "a"\nend', 1, /`def`/))
  it('a block', () => refuses('editor "a" do\nend', 1, /`do`/))
  it('an unbalanced quote', () => refuses('editor "a"\ny "b\nz 1', 2, /cannot understand a string that is never closed \(unbalanced "\)/))
  it('an unclosed interpolation', () => refuses('editor "#{a"', 1, /never closed/))
  it('an unknown name', () => refuses('editor current_dir', 1, /`current_dir` \(not a local variable set earlier in the file, nor a knife setting\)/))
  it('an unknown helper', () => refuses('editor File.read("/k")', 1, /File\.read/))
  it('a String method pushy does not know', () => refuses('editor "a".gsub("a", "b")', 1, /cannot understand `\.gsub` \(pushy knows only \.downcase/))
  it('a String method on nil', () => refuses('\neditor ENV["NOPE"].downcase', 2, /`\.downcase` called on nil \(an unset ENV variable/))
  it('a constant statement', () => refuses('Ohai::Config[:editor] = 1', 1, /`Ohai`/))
  it('another Chef constant', () => refuses('Chef::Log.level = :info', 1, /`Chef::Log`/))
  it('ENV.fetch of an unset variable', () => refuses('\neditor ENV.fetch("NOPE")', 2, /NOPE is not set/))
  it('File.join of nil', () => refuses('editor File.join(ENV["NOPE"], "a")', 1, /needs strings, not nil/))
  it('an array inside interpolation', () => refuses('a = [1]\neditor "#{a}"', 2, /array/))
  it('a bare name that is neither a setting nor a local', () => refuses('editr', 1, /`editr`: it is not a knife setting pushy knows/))
  it('a heredoc', () => refuses('editor <<~EOS\nhi\nEOS', 1, /`<<`/))
  it('a ternary', () => refuses('editor ENV["A"] ? "a" : "b"', 1, /cannot understand the character ":"/))
  it('a setting knife does not have', () => refuses('node_name "a"\nnode_nmae "b"', 2, /`node_nmae`: it is not a knife setting pushy knows/))
  it('a method call on an unknown name', () => refuses('x = 1\nfoo.bar 2', 2, /`foo\.`: `foo` is not a config context/))
  it('send', () => refuses('send(:node_name, "bob")', 1, /`send`: it is not a knife setting/))
  it('puts', () => refuses('puts "hello"', 1, /`puts`: it is not a knife setting/))
  it('Chef::Config with an unknown setting', () => refuses('Chef::Config[:node_nmae] = "x"', 1, /`node_nmae`: it is not a knife setting/))
  it('a chef_zero setting chef-config does not have', () => refuses('chef_zero.prot 8889', 1, /`chef_zero\.prot` is not a chef_zero setting/))
  it('reading back a setting whose default pushy does not compute', () => refuses('editor "#{client_key}"', 1, /`client_key` is read here before it is set/))
  it('a setter call inside an expression', () => refuses('editor node_name("x")', 1, /`node_name\(…\)` inside an expression/))
  it('a global variable other than $stdout/$stderr', () => refuses('editor $PROGRAM_NAME', 1, /global variable `\$PROGRAM_NAME`/))
  it('an unterminated =begin', () => refuses('editor "a"\n=begin\nnode_name "b"', 2, /=begin without a matching =end/))
  it('an unterminated %w', () => refuses('cookbook_path %w(a b', 1, /%w\(…\) that is never closed/))
  it('a \\u escape without four digits', () => refuses('editor "\\u12"', 1, /\\u needs four hex digits/))
  it('escapes that are not UTF-8', () => refuses('editor "\\xff"', 1, /not valid UTF-8/))
  it('a meta escape', () => refuses('editor "\\M-a"', 1, /meta-character escape/))
  it('from_file of JSON', () => refuses('from_file "/x.json"', 1, /from_file of a YAML, JSON or TOML file/))
  it('File.exists? (gone from Ruby 3.2)', () => refuses('editor "a" if File.exists?("/x")', 1, /`File\.exists\?`/))
})

describe('escapes in strings, decoded as Ruby decodes them', () => {
  const cases: Array<[string, string]> = [
    ['"jos\\u00e9"', 'josé'],
    ['"\\u{1F600} \\u{61 62}"', '😀 ab'],
    ['"\\141\\1234\\0"', 'aS4\0'],
    ['"\\x41\\x4a\\xC3\\xA9"', 'AJé'],
    ['"\\e[0m\\a\\b\\f\\v"', '\u001B[0m\u0007\b\f\v'],
    ['"a\\sb\\nc\\td\\re"', 'a b\nc\td\re'],
    ['"\\ca\\C-b\\c?"', '\u0001\u0002\u007F'],
    ['"\\"\\\\\\#\\q\\8"', '"\\#q8'],
    ['"a\\\nb"', 'ab'],
    ["'\\u00e9 \\n \\\\ \\''", "\\u00e9 \\n \\ '"],
  ]
  for (const [source, expected] of cases) it(source, () => assert.equal(value(`editor ${source}`), expected))
})

describe('forms from real knife.rb files', () => {
  it('reads a setting back after setting it', () => {
    const settings = read('node_name "alice"\ncurrent_dir = File.dirname(__FILE__)\nclient_key "#{current_dir}/#{node_name}.pem"\nvalidation_key File.join(current_dir, node_name + "-validator.pem")')
    assert.equal(settings.get('client_key'), '/repo/.chef/alice.pem')
    assert.equal(settings.get('validation_key'), '/repo/.chef/alice-validator.pem')
  })

  it('reads back settings from earlier files, and nil for a setting with no default', () => {
    const earlier = new Map<string, RubyValue>([['node_name', 'from-credentials']])
    const settings = evaluateConfigRb('client_key "/k/#{node_name}.pem"\neditor "#{cookbook_email}x"', {...context, earlier})
    assert.equal(settings.get('client_key')?.value, '/k/from-credentials.pem')
    assert.equal(settings.get('editor')?.value, 'x')
    assert.equal(settings.has('node_name'), false)
  })

  it('a local variable shadows a setting of the same name', () => assert.equal(value('user = "local"\nnode_name "n"\neditor user'), 'local'))

  it('%w() and %w[] word arrays', () => {
    assert.deepEqual(value('cookbook_path %w(cookbooks site-cookbooks)', 'cookbook_path'), ['cookbooks', 'site-cookbooks'])
    assert.deepEqual(value('cookbook_path %w[\n  a\n  b\\ c\n]', 'cookbook_path'), ['a', 'b c'])
    assert.deepEqual(value('editor %w{a {b} c}'), ['a', '{b}', 'c'])
  })

  it('dotted config contexts', () => {
    const settings = read('chef_zero.enabled true\nchef_zero.port 8889\nchef_zero.host = "localhost"\ndata_collector.server_url "https://dc"\nknife.editor "vim"\neditor "#{chef_zero.port}"')
    assert.equal(settings.get('chef_zero.enabled'), true)
    assert.equal(settings.get('chef_zero.port'), 8889)
    assert.equal(settings.get('chef_zero.host'), 'localhost')
    assert.equal(settings.get('data_collector.server_url'), 'https://dc')
    assert.equal(settings.get('knife.editor'), 'vim')
    assert.equal(settings.get('editor'), '8889')
  })

  it('pure String methods', () => {
    assert.equal(value("editor (ENV['NOPE'] || ENV['USER']).upcase"), 'U')
    assert.equal(value('editor " Mixed\\t".strip.downcase'), 'mixed')
    assert.equal(value('editor "\\0 a \\n".lstrip.rstrip'), 'a')
    assert.equal(value('editor "bob".capitalize + "x\\n".chomp'), 'Bobx')
    assert.equal(value('editor 3.to_s + :s.to_s + nil.to_s'), '3s')
    assert.deepEqual(value('editor "a".to_sym.upcase'), new RubySymbol('A'))
    assert.equal(value('editor "42s".to_i'), 42)
    assert.equal(value('editor "x".freeze.dup.to_str.strip()'), 'x')
  })

  it('::File, File.absolute_path and $stdout', () => {
    assert.equal(value('editor ::File.dirname(__FILE__)'), '/repo/.chef')
    assert.equal(value("editor ::File.join(::File.dirname(__FILE__), 'k.pem')"), '/repo/.chef/k.pem')
    assert.equal(value("editor File.absolute_path('../k.pem', __dir__)"), '/repo/k.pem')
    assert.equal(value("editor File.absolute_path('~/k.pem')"), '/repo/~/k.pem')
    assert.equal(value('editor File.dirname __FILE__'), '/repo/.chef')
    assert.deepEqual(value('log_location $stdout', 'log_location'), new RubyConstant('$stdout'))
    assert.deepEqual(value('log_location $stderr', 'log_location'), new RubyConstant('$stderr'))
  })

  it('Chef::Config[:x] = and Chef::Config.x = set settings; they read back too', () => {
    const settings = read('Chef::Config[:node_name] = "x"\nChef::Config.client_key = "/k.pem"\n::Chef::Config[\'editor\'] = Chef::Config[:node_name] + Chef::Config.client_key\nChefConfig::Config.log_level(:info)')
    assert.equal(settings.get('node_name'), 'x')
    assert.equal(settings.get('client_key'), '/k.pem')
    assert.equal(settings.get('editor'), 'x/k.pem')
    assert.deepEqual(settings.get('log_level'), new RubySymbol('info'))
  })

  it('||= sets only what is not set yet', () => {
    const settings = read('knife[:editor] ||= "vim"\nknife[:editor] ||= "emacs"\nnode_name "a"\nChef::Config[:node_name] ||= "b"\nChef::Config[:editor] ||= "c"\nd ||= "/d"\nd ||= "/e"\ncookbook_path d')
    assert.equal(settings.get('knife.editor'), 'vim')
    assert.equal(settings.get('node_name'), 'a')
    assert.equal(settings.get('editor'), 'c')
    assert.equal(settings.get('cookbook_path'), '/d')
  })

  it('=begin/=end block comments and __END__', () => {
    const settings = evaluateConfigRb('editor "a"\n=begin\nnode_name "commented"\n=end trailing words\nlog_level :info\n__END__\nnode_name "data"', context)
    assert.equal(settings.has('node_name'), false)
    assert.equal(settings.get('log_level')?.line, 5)
  })

  it('adjacent string literals, also across a backslash line end', () => {
    assert.equal(value('editor "a" \'b\' "#{1}"'), 'ab1')
    assert.equal(value('editor "https://chef.example.com" \\\n  "/organizations/acme"'), 'https://chef.example.com/organizations/acme')
  })

  it('statement modifiers on File.exist?, ENV and comparisons', () => {
    const files = {kind: (path: string) => (path === '/repo/.chef/local.pem' ? 'file' as const : path === '/repo/keys' ? 'directory' as const : undefined), read: () => ''}
    const run = (source: string) => new Map([...evaluateConfigRb(source, {...context, files})].map(([name, {value}]) => [name, value]))
    assert.equal(run('client_key "/a.pem"\nclient_key "/repo/.chef/local.pem" if File.exist?("/repo/.chef/local.pem")').get('client_key'), '/repo/.chef/local.pem')
    assert.equal(run('client_key "/a.pem"\nclient_key "/b.pem" if ::File.exist? "/nope"').get('client_key'), '/a.pem')
    assert.equal(run('client_key "/a.pem"\nclient_key "/b.pem" if File.exist?(".chef/local.pem")').get('client_key'), '/b.pem')
    assert.equal(run('editor "a" if File.directory?("keys") && Dir.exist?("/repo/keys") && !File.file?("keys")').get('editor'), 'a')
    assert.equal(run('editor "a" unless ENV["NOPE"]').get('editor'), 'a')
    assert.equal(run('editor "a" unless ENV["USER"]').has('editor'), false)
    assert.equal(run("editor 'ci' if ENV['CHEF_ORG'] == \"acme\"").get('editor'), 'ci')
    assert.equal(run("editor 'ci' if ENV['CHEF_ORG'] != 'acme'").has('editor'), false)
    assert.equal(run("editor 'x' if ENV['NOPE'] || ENV['USER'] == 'u'").get('editor'), 'x')
  })

  it('a statement whose condition is false is not evaluated, but its locals exist (as nil)', () => {
    assert.equal(value('editor "a"\neditor ENV.fetch("NOPE") if ENV["NOPE"]'), 'a')
    assert.equal(value('k = "x" if ENV["NOPE"]\neditor "#{k}y"'), 'y')
  })

  it('strips chef_server_url when it is set, so a read-back sees it stripped', () => {
    const settings = read('chef_server_url " https://chef.example.com/organizations/acme \\t"\neditor "#{chef_server_url}|"')
    assert.equal(settings.get('chef_server_url'), 'https://chef.example.com/organizations/acme')
    assert.equal(settings.get('editor'), 'https://chef.example.com/organizations/acme|')
  })
})

describe('from_file', () => {
  const tree: Record<string, string> = {
    '/repo/.chef/override.rb': 'node_name "over"\nclient_key "#{File.dirname(__FILE__)}/#{node_name}.pem"\n',
    '/home/u/.chef/personal.rb': 'local = "not seen by the includer"\nlog_level :debug\n',
    '/repo/loop-a.rb': 'from_file "/repo/loop-b.rb"\n',
    '/repo/loop-b.rb': '\nfrom_file "loop-a.rb"\n',
    '/repo/bad.rb': 'node_name "b"\nif true\n',
  }

  const files = {kind: (path: string) => (path in tree ? 'file' as const : path === '/repo' ? 'directory' as const : undefined), read: (path: string) => tree[path]}
  const run = (source: string, file = FILE) => evaluateConfigRb(source, {...context, file, files})
  function refusesWith(source: string, pattern: RegExp): void {
    assert.throws(() => run(source), (error: unknown) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, ExitCode.Usage)
      assert.match(error.message, pattern)
      return true
    })
  }

  it('reads the file in place with its own __FILE__, and settings made after it win', () => {
    const settings = run('node_name "before"\nfrom_file File.join(__dir__, "override.rb")\nlog_level :info')
    assert.deepEqual(settings.get('node_name'), {value: 'over', file: '/repo/.chef/override.rb', line: 1})
    assert.equal(settings.get('client_key')?.value, '/repo/.chef/over.pem')
    assert.equal(run('from_file "/repo/.chef/override.rb"\nnode_name "after"').get('node_name')?.value, 'after')
  })

  it('the included file has its own locals', () => {
    assert.equal(run('from_file File.expand_path("~/.chef/personal.rb")\nlog_level :info').get('log_level')?.value instanceof RubySymbol, true)
    refusesWith('from_file File.expand_path("~/.chef/personal.rb")\neditor local', /config\.rb:2: cannot understand `local`/)
  })

  it('Chef::Config.from_file is the same, and an if modifier guards it', () => {
    assert.equal(run('Chef::Config.from_file("/repo/.chef/override.rb")').get('node_name')?.value, 'over')
    assert.equal(run('from_file "/nope.rb" if File.exist?("/nope.rb")').size, 0)
  })

  it('a missing file is an error naming both files', () => refusesWith('\nfrom_file "/home/u/.chef/nope.rb"', /^\/repo\/\.chef\/config\.rb:2: from_file "\/home\/u\/\.chef\/nope\.rb": \/home\/u\/\.chef\/nope\.rb does not exist/))
  it('a directory is an error', () => refusesWith('from_file "/repo"', /\/repo is a directory/))
  it('an include loop is an error', () => refusesWith('from_file "/repo/loop-a.rb"', /^\/repo\/loop-b\.rb:2: from_file "loop-a\.rb" reads a file that is already being read \(\/repo\/loop-a\.rb → \/repo\/loop-b\.rb → \/repo\/loop-a\.rb\)/))
  it('a file that includes itself', () => {
    assert.throws(() => evaluateConfigRb('from_file __FILE__', {...context, file: '/repo/loop-a.rb', files}), /already being read \(\/repo\/loop-a\.rb → \/repo\/loop-a\.rb\)/)
  })

  it('an error inside the included file names that file and line', () => refusesWith('from_file "/repo/bad.rb"', /^\/repo\/bad\.rb:2: cannot understand `if`/))
})

describe('docs/configuration.md', () => {
  it('every config.rb example in it is read', () => {
    const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8')
    const examples = [...docs.matchAll(/```ruby\n([\s\S]*?)```/g)].map((match) => match[1])
    assert.ok(examples.length >= 2)
    const files = {kind: (path: string) => (path === '/home/u/.chef/override.rb' ? 'file' as const : undefined), read: () => 'node_name "from-override"\n'}
    const settings = examples.map((example) => evaluateConfigRb(example, {...context, env: {...context.env, CHEF_USER: 'Ann '}, files}))
    assert.equal(settings[0].get('node_name')?.value, 'from-override')
    assert.equal(settings[0].get('knife.editor')?.value, 'vim')
    assert.equal(settings[1].get('https_proxy')?.value, 'http://proxy.example.com:3128')
  })
})

