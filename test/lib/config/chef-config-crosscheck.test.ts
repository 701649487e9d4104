// pushy's config reader against the real thing: every case is loaded by chef-config's own
// WorkstationConfigLoader (what knife calls: credentials, then Config.from_string of the config
// file, then config.d, then its defaults) and by resolveSettings, and the results must agree.
// ruby and chef-config are required; if they are missing these tests fail, they do not skip.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {isAbsolute, join, resolve} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'
import {CONFIG_CONTEXTS, KNOWN_SETTINGS} from '../../../src/lib/config/known-settings.js'
import {resolveSettings} from '../../../src/lib/config/load.js'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url))

// One ruby process for every case (chef-config takes ~0.3 s to load); Config.reset between cases.
const RUBY = `
require "chef-config/workstation_config_loader"
require "json"
# knife loads all of chef, whose chef/config.rb makes Chef::Config the same object.
module Chef
  Config = ChefConfig::Config unless const_defined?(:Config, false)
end
results = JSON.parse(STDIN.read).map do |c|
  ENV.replace(c["env"])
  Dir.chdir(c["cwd"])
  ChefConfig::Config.reset
  # PathHelper memoises HOME; each case has its own.
  ChefConfig::PathHelper.class_variable_set(:@@home_dir, nil)
  begin
    ChefConfig::WorkstationConfigLoader.new(c["config"], profile: c["profile"]).load
    config = ChefConfig::Config
    {
      chef_server_url: config[:chef_server_url],
      node_name: config[:node_name],
      client_key: config[:client_key]&.to_s,
      client_key_contents: config[:client_key_contents],
      ssl_verify_mode: config[:ssl_verify_mode].to_s,
      authentication_protocol_version: config[:authentication_protocol_version],
    }
  rescue Exception => e
    {error: "#{e.class}: #{e.message}"}
  end
end
config = ChefConfig::Config
known = config.configurables.keys + config.config_contexts.keys
puts JSON.generate({results: results, settings: known, contexts: config.config_contexts.keys})
`

interface Case {
  name: string
  /** fixture directory the command runs in */
  cwd: string
  /** -c, as typed (relative to cwd when relative) */
  config?: string
  /** a fixture directory used as HOME; an empty temporary one when left out */
  home?: string
  env?: Record<string, string>
  profile?: string
  /** pushy refuses this config, naming file and line, with a message matching this */
  refused?: RegExp
  /** chef-config fails on it too (otherwise it must load, so the refusal is of valid Ruby) */
  rubyFails?: boolean
}

// Ruby's Etc.getlogin is getlogin(3), then USER; with USER set to the account's own name both agree.
const LOGIN = userInfo().username

const CASES: Case[] = [
  {name: 'knife.rb from Manage: current_dir and interpolation', cwd: 'classic-knife-rb', config: '.chef/knife.rb'},
  {name: 'File.join and single quotes', cwd: 'file-join', config: '.chef/config.rb'},
  {name: 'File.expand_path with ~ and ENV[USER]', cwd: 'expand-path-home', config: 'config.rb', env: {USER: 'carol'}},
  {name: 'ENV[..] inside interpolation, locals from ENV', cwd: 'env-interpolation', config: '.chef/config.rb', env: {CHEF_USER: 'dan', CHEF_ORG: 'dans-org'}},
  {name: 'ENV.fetch defaults and || fallbacks (unset)', cwd: 'env-fetch', config: '.chef/config.rb', env: {CHEF_USER: 'eve'}},
  {name: 'ENV.fetch defaults and || fallbacks (set)', cwd: 'env-fetch', config: '.chef/config.rb', env: {CHEF_USER: 'eve', CHEF_SERVER_URL: 'https://other.example/organizations/x', CHEF_KEY: '/keys/eve.pem'}},
  {name: 'parenthesised calls, hash arguments, :verify_none, 1.3', cwd: 'parenthesised', config: '.chef/config.rb'},
  {name: 'knife[:x] = strings, symbols, multi-line arrays, hashes', cwd: 'knife-options', config: '.chef/config.rb'},
  {name: 'comments everywhere, # inside strings, ; between statements', cwd: 'comments', config: '.chef/config.rb'},
  {name: 'settings pushy does not use, protocol 1.0', cwd: 'unused-settings', config: '.chef/config.rb'},
  {name: 'nested folders, __dir__ and File.expand_path(.., __dir__)', cwd: 'nested/deep/project', config: '.chef/config.rb'},
  {name: 'relative -c and a relative client_key', cwd: 'relative-key', config: '.chef/config.rb'},
  {name: 'no client_key: knife finds NODE.pem beside the config', cwd: 'default-key', config: '.chef/config.rb'},
  {name: 'config.d/*.rb applied after config.rb, in name order', cwd: 'config-d', config: '.chef/config.rb'},
  {name: 'found without -c: a parent directory’s .chef', cwd: 'nested/deep/project/cookbooks/app'},
  {name: 'found without -c: config.rb in the working directory', cwd: 'expand-path-home', env: {USER: 'carol'}},
  {name: 'credentials: default profile, client_name, relative key', cwd: 'home-with-credentials/.chef/keys', home: 'home-with-credentials'},
  {name: 'credentials: --profile staging, string ssl_verify_mode', cwd: 'home-with-credentials/.chef/keys', home: 'home-with-credentials', profile: 'staging'},
  {name: 'credentials: CHEF_PROFILE with an inline PEM', cwd: 'home-with-credentials/.chef/keys', home: 'home-with-credentials', env: {CHEF_PROFILE: 'prod.example.com'}},
  {name: 'credentials and config.rb: config.rb wins setting by setting', cwd: 'credentials-and-config', config: '.chef/config.rb', home: 'home-with-credentials'},
  {name: 'credentials and config.rb: an inline PEM beats config.rb’s client_key', cwd: 'credentials-and-config', config: '.chef/config.rb', home: 'home-with-credentials', profile: 'prod.example.com'},
  // Issue 15: forms from real knife.rb files, and the fixes for three silent wrong values.
  {name: 'a setting read back: "#{current_dir}/#{node_name}.pem"', cwd: 'read-back', config: '.chef/config.rb'},
  {name: '%w() and %w[] word arrays', cwd: 'word-arrays', config: '.chef/config.rb'},
  {name: 'dotted config contexts: chef_zero.port 8889', cwd: 'config-contexts', config: '.chef/config.rb'},
  {name: 'String methods: (ENV[..] || ENV[..]).downcase.strip, .upcase, .to_s, .to_sym', cwd: 'string-methods', config: '.chef/config.rb', env: {USERNAME: 'Stan ', CHEF_ORG: 'stans'}},
  {name: '::File.dirname(__FILE__), ::File.join, File.absolute_path, log_location $stdout', cwd: 'file-helpers', config: '.chef/config.rb'},
  {name: 'Chef::Config[:node_name] = and Chef::Config.client_key =', cwd: 'chef-config-class', config: '.chef/config.rb'},
  {name: 'knife[:editor] ||= and =begin/=end', cwd: 'or-assign-begin-end', config: '.chef/config.rb'},
  {name: 'adjacent string literals and \\ line continuation', cwd: 'adjacent-strings', config: '.chef/config.rb'},
  {name: 'if File.exist?(..), if ENV[..] == "..", unless ENV[..] (CI set)', cwd: 'modifiers', config: '.chef/config.rb', env: {CI: 'true'}},
  {name: 'if File.exist?(..), if ENV[..] == "..", unless ENV[..] (STRICT_TLS set)', cwd: 'modifiers', config: '.chef/config.rb', env: {CI: 'false', STRICT_TLS: '1'}},
  {name: 'no node_name: the login name, then user.pem', cwd: 'login-name', config: '.chef/config.rb', env: {USER: LOGIN}},
  {name: 'from_file File.expand_path("~/.chef/override.rb") with its own __FILE__', cwd: 'from-file/project', config: '.chef/config.rb', home: 'from-file/home'},
  {name: 'chef_server_url with a trailing space is stripped', cwd: 'server-url-space', config: '.chef/config.rb'},
  {name: 'every escape of double-quoted strings; single quotes keep \\n', cwd: 'escapes', config: '.chef/config.rb'},
  {name: 'refused: from_file of a missing file (chef-config fails too)', cwd: 'from-file-missing', config: '.chef/config.rb', refused: /^\.chef\/config\.rb:4: from_file ".*\/\.chef\/override\.rb": .* does not exist$/, rubyFails: true},
  {name: 'refused: send(:node_name, ..), not a knife setting', cwd: 'refused-send', config: '.chef/config.rb', refused: /^\.chef\/config\.rb:4: cannot understand `send`: it is not a knife setting/},
  {name: 'refused: a condition pushy cannot evaluate', cwd: 'refused-condition', config: '.chef/config.rb', refused: /^\.chef\/config\.rb:4: cannot understand `Time\.now`/},
]

interface RubyResult {
  error?: string
  chef_server_url: string
  node_name: string
  client_key: string | null
  client_key_contents: string | null
  ssl_verify_mode: string
  authentication_protocol_version: string
}

describe('pushy reads configs exactly as chef-config does', () => {
  let emptyHome: string
  let ruby: RubyResult[] = []
  let rubySettings: string[] = []
  let rubyContexts: string[] = []
  const homeOf = (c: Case): string => (c.home ? join(FIXTURES, c.home) : emptyHome)
  const envOf = (c: Case): Record<string, string> => ({HOME: homeOf(c), PWD: join(FIXTURES, c.cwd), PATH: process.env.PATH ?? '/usr/bin', ...c.env})

  before(() => {
    emptyHome = mkdtempSync(join(tmpdir(), 'pushy-crosscheck-home-'))
    const input = CASES.map((c) => ({cwd: join(FIXTURES, c.cwd), config: c.config ?? null, profile: c.profile ?? null, env: envOf(c)}))
    const run = spawnSync('ruby', ['-e', RUBY], {input: JSON.stringify(input), encoding: 'utf8', timeout: 30_000})
    if (run.error) throw new Error(`cannot run ruby (CI installs ruby and ruby-chef-config): ${run.error.message}`)
    if (run.status !== 0) throw new Error(`ruby with chef-config failed (is ruby-chef-config installed?):\n${run.stderr}`)
    const output = JSON.parse(run.stdout) as {results: RubyResult[]; settings: string[]; contexts: string[]}
    ruby = output.results
    rubySettings = output.settings
    rubyContexts = output.contexts
  })

  after(() => rmSync(emptyHome, {recursive: true, force: true}))

  it('covers at least 10 fixtures', () => assert.ok(new Set(CASES.map((c) => c.cwd.split('/')[0])).size >= 10))

  it('knows every setting and config context of the installed chef-config', () => {
    assert.ok(rubySettings.length > 100, 'chef-config listed its settings')
    assert.deepEqual(rubySettings.filter((name) => !KNOWN_SETTINGS.has(name) && !CONFIG_CONTEXTS.includes(name)), [])
    assert.deepEqual(rubyContexts.filter((name) => !CONFIG_CONTEXTS.includes(name)), [])
  })

  for (const [index, c] of CASES.entries()) {
    it(c.name, () => {
      const knife = ruby[index]
      const cwd = join(FIXTURES, c.cwd)
      const load = () => resolveSettings({flags: {config: c.config, profile: c.profile}, env: envOf(c), cwd, home: homeOf(c)})
      if (c.rubyFails) assert.ok(knife.error, 'chef-config loaded a fixture it should fail on')
      else assert.equal(knife.error, undefined, `chef-config could not load the fixture: ${knife.error}`)
      if (c.refused) {
        assert.throws(load, (error: unknown) => {
          assert.ok(error instanceof PushyError, String(error))
          assert.equal(error.exitCode, ExitCode.Usage)
          assert.match(error.message, c.refused!)
          return true
        })
        return
      }

      const settings = load()

      assert.equal(settings.chefServerUrl, knife.chef_server_url)
      assert.equal(settings.nodeName, knife.node_name)
      // What Chef::ServerAPI signs with: the inline key when there is one, else the file.
      if (knife.client_key_contents !== null) assert.deepEqual(settings.clientKey, {pem: knife.client_key_contents, source: (settings.clientKey as {source: string}).source})
      else {
        assert.ok(knife.client_key, 'chef-config found no client_key')
        assert.deepEqual(settings.clientKey, {path: isAbsolute(knife.client_key) ? knife.client_key : resolve(cwd, knife.client_key)})
      }

      assert.equal(settings.sslVerifyMode, knife.ssl_verify_mode)
      assert.equal(settings.authenticationProtocolVersion, knife.authentication_protocol_version)
    })
  }
})
