import assert from 'node:assert/strict'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {resolveSettings, type ConfigInput} from '../../../src/lib/config/load.js'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {tempTree} from './temp-tree.js'

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nTEXT\n-----END RSA PRIVATE KEY-----\n'
const rb = (org: string, user = 'u'): string => `node_name "${user}"\nclient_key "/keys/${user}.pem"\nchef_server_url "https://chef.test/organizations/${org}"\n`

/** A tree with a `home` and a `work/repo/sub` directory; resolveSettings run from `cwd` inside it. */
function setup(files: Record<string, string>, cwd = 'work/repo/sub', flags: ConfigInput['flags'] = {}, env: Record<string, string> = {}) {
  const root = tempTree({'home/': '', 'work/repo/sub/': '', ...files})
  const home = join(root, 'home')
  const input: ConfigInput = {flags, env: {HOME: home, ...env}, cwd: join(root, cwd), home}
  return {root, home, input, settings: () => resolveSettings(input)}
}

function usage(run: () => unknown, pattern: RegExp, hint?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof PushyError, String(error))
    assert.equal(error.exitCode, ExitCode.Usage)
    assert.match(error.message, pattern)
    if (hint) assert.match(error.hint ?? '', hint)
    return true
  })
}

describe('finding the config file', () => {
  it('uses ./.chef/config.rb', () => {
    const {settings} = setup({'work/repo/sub/.chef/config.rb': rb('here'), 'work/repo/.chef/config.rb': rb('parent'), 'home/.chef/config.rb': rb('home')})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/here')
  })

  it('walks up to a parent directory’s .chef', () => {
    const {root, settings} = setup({'work/repo/.chef/knife.rb': rb('parent'), 'home/.chef/config.rb': rb('home')})
    const result = settings()
    assert.equal(result.chefServerUrl, 'https://chef.test/organizations/parent')
    assert.deepEqual(result.sources.chefServerUrl, {kind: 'config', file: join(root, 'work/repo/.chef/knife.rb'), line: 3})
  })

  it('falls back to ~/.chef', () => {
    const {settings} = setup({'home/.chef/knife.rb': rb('home')})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/home')
  })

  it('prefers config.rb to knife.rb in the same directory', () => {
    const {settings} = setup({'work/repo/.chef/knife.rb': rb('knife'), 'work/repo/.chef/config.rb': rb('config')})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/config')
  })

  it('stops at the nearest .chef even when it has no config, then tries ~/.chef (as knife does)', () => {
    const {settings} = setup({'work/repo/sub/.chef/': '', 'work/repo/.chef/config.rb': rb('parent'), 'home/.chef/config.rb': rb('home')})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/home')
  })

  it('looks in $KNIFE_HOME first', () => {
    const {root, input} = setup({'kh/knife.rb': rb('knife-home'), 'work/repo/.chef/config.rb': rb('parent')})
    input.env.KNIFE_HOME = join(root, 'kh')
    assert.equal(resolveSettings(input).chefServerUrl, 'https://chef.test/organizations/knife-home')
  })

  it('-c names the file and nothing is discovered', () => {
    const {settings} = setup({'elsewhere/my.rb': rb('explicit'), 'work/repo/.chef/config.rb': rb('parent')}, 'work/repo/sub', {config: '../../../elsewhere/my.rb'})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/explicit')
  })

  it('-c with a file that does not exist is a usage error', () => {
    const {settings} = setup({'work/repo/.chef/config.rb': rb('parent')}, 'work/repo/sub', {config: 'nope.rb'})
    usage(settings, /config file nope\.rb does not exist/)
  })
})

describe('precedence', () => {
  const credentials = '[default]\nclient_name = "cred-user"\nclient_key = "cred.pem"\nchef_server_url = "https://chef.test/organizations/cred"\n'

  it('flags beat config.rb and credentials', () => {
    const {root, settings} = setup({'home/.chef/credentials': credentials, 'work/repo/.chef/config.rb': rb('config')}, 'work/repo/sub', {serverUrl: 'https://flag.test/organizations/flag/', user: 'flag-user', key: 'my.pem'})
    const result = settings()
    assert.equal(result.chefServerUrl, 'https://flag.test/organizations/flag')
    assert.equal(result.nodeName, 'flag-user')
    assert.deepEqual(result.clientKey, {path: join(root, 'work/repo/sub/my.pem')})
    assert.deepEqual(result.sources.nodeName, {kind: 'flag'})
  })

  it('config.rb beats credentials setting by setting, as chef-config applies it last', () => {
    const {home, settings} = setup({'home/.chef/credentials': credentials, 'work/repo/.chef/config.rb': 'chef_server_url "https://chef.test/organizations/config"\n'})
    const result = settings()
    assert.equal(result.chefServerUrl, 'https://chef.test/organizations/config')
    assert.equal(result.nodeName, 'cred-user')
    assert.deepEqual(result.clientKey, {path: join(home, '.chef/cred.pem')})
    assert.deepEqual(result.sources.nodeName, {kind: 'credentials', file: join(home, '.chef/credentials')})
  })

  it('an inline PEM in credentials beats config.rb’s client_key, but not --key', () => {
    const files = {'home/.chef/credentials': `[default]\nclient_name = "c"\nchef_server_url = "https://chef.test/organizations/o"\nclient_key = """\n${PEM}"""\n`, 'work/repo/.chef/config.rb': 'client_key "/keys/from-config.pem"\n'}
    const inline = setup(files).settings().clientKey
    assert.ok('pem' in inline)
    assert.equal(inline.pem, PEM)
    assert.match(inline.source, /credentials profile "default"/)
    assert.deepEqual(setup(files, 'work/repo/sub', {key: '/keys/flag.pem'}).settings().clientKey, {path: '/keys/flag.pem'})
  })

  it('config.d/*.rb beside the config file apply after it', () => {
    const {settings} = setup({'work/repo/.chef/config.rb': rb('main'), 'work/repo/.chef/config.d/b.rb': 'node_name "b"\n', 'work/repo/.chef/config.d/a.rb': 'node_name "a"\n'})
    assert.equal(settings().nodeName, 'b')
  })
})

describe('credentials profiles', () => {
  const credentials = [
    '[default]', 'client_name = "d"', 'client_key = "keys/d.pem"', 'chef_server_url = "https://chef.test/organizations/d"', '',
    '[prod]', 'node_name = "p"', 'client_key = "/abs/p.pem"', 'chef_server_url = "https://chef.test/organizations/p"', 'ssl_verify_mode = ":verify_none"', 'authentication_protocol_version = "1.3"', '',
    '[ctx]', 'client_name = "x"', 'client_key = "~/x.pem"', 'chef_server_url = "https://chef.test/organizations/x"', '',
  ].join('\n')

  it('uses [default], client_name as the user and keys relative to ~/.chef', () => {
    const {home, settings} = setup({'home/.chef/credentials': credentials})
    const result = settings()
    assert.equal(result.nodeName, 'd')
    assert.deepEqual(result.clientKey, {path: join(home, '.chef/keys/d.pem')})
  })

  it('--profile beats CHEF_PROFILE, which beats ~/.chef/context', () => {
    const files = {'home/.chef/credentials': credentials, 'home/.chef/context': 'ctx\n'}
    assert.equal(setup(files).settings().nodeName, 'x')
    assert.equal(setup(files, 'work/repo/sub', {}, {CHEF_PROFILE: 'prod'}).settings().nodeName, 'p')
    assert.equal(setup(files, 'work/repo/sub', {profile: 'default'}, {CHEF_PROFILE: 'prod'}).settings().nodeName, 'd')
  })

  it('reads node_name, ssl_verify_mode as a string and the protocol version', () => {
    const result = setup({'home/.chef/credentials': credentials}, 'work/repo/sub', {profile: 'prod'}).settings()
    assert.equal(result.nodeName, 'p')
    assert.deepEqual(result.clientKey, {path: '/abs/p.pem'})
    assert.equal(result.sslVerifyMode, 'verify_none')
    assert.equal(result.authenticationProtocolVersion, '1.3')
  })

  it('expands ~ in a credentials client_key', () => {
    const {home, settings} = setup({'home/.chef/credentials': credentials}, 'work/repo/sub', {profile: 'ctx'})
    assert.deepEqual(settings().clientKey, {path: join(home, 'x.pem')})
  })

  it('an unknown profile is a usage error listing the profiles', () => {
    usage(setup({'home/.chef/credentials': credentials}, 'work/repo/sub', {profile: 'stage'}).settings, /profile "stage" does not exist/, /profiles there: default, prod, ctx/)
  })

  it('a missing [default] is not an error: config.rb is used', () => {
    const {settings} = setup({'home/.chef/credentials': '[prod]\nnode_name = "p"\n', 'home/.chef/config.rb': rb('home')})
    assert.equal(settings().chefServerUrl, 'https://chef.test/organizations/home')
  })

  it('a named profile without a credentials file is a usage error', () => {
    usage(setup({'home/.chef/config.rb': rb('home')}, 'work/repo/sub', {profile: 'prod'}).settings, /profile "prod" was asked for, but .*credentials does not exist/)
  })

  it('refuses node_name and client_name together, like knife', () => {
    usage(setup({'home/.chef/credentials': '[default]\nnode_name = "a"\nclient_name = "b"\n'}).settings, /both node_name and client_name/)
  })

  it('bad TOML names the file and line', () => {
    usage(setup({'home/.chef/credentials': '[default]\nclient_name = \n'}).settings, /credentials:2: cannot read the credentials file/)
  })
})

describe('defaults and errors', () => {
  it('defaults: verify_peer, protocol 1.1, trusted_certs beside the config when it exists', () => {
    const {root, settings} = setup({'work/repo/.chef/config.rb': rb('o'), 'work/repo/.chef/trusted_certs/': ''})
    const result = settings()
    assert.equal(result.sslVerifyMode, 'verify_peer')
    assert.equal(result.authenticationProtocolVersion, '1.1')
    assert.equal(result.trustedCertsDir, join(root, 'work/repo/.chef/trusted_certs'))
    assert.equal(result.sslCaFile, undefined)
  })

  it('no trusted_certs_dir when the default directory does not exist', () => {
    assert.equal(setup({'work/repo/.chef/config.rb': rb('o')}).settings().trustedCertsDir, undefined)
  })

  it('reads trusted_certs_dir and ssl_ca_file, relative to the working directory', () => {
    const {root, settings} = setup({'work/repo/.chef/config.rb': `${rb('o')}trusted_certs_dir "certs"\nssl_ca_file "/etc/ca.pem"\n`})
    const result = settings()
    assert.equal(result.trustedCertsDir, join(root, 'work/repo/sub/certs'))
    assert.equal(result.sslCaFile, '/etc/ca.pem')
  })

  it('with no client_key, finds NODE.pem (beside the config, then in ~/.chef), then user.pem', () => {
    const config = 'node_name "n"\nchef_server_url "https://chef.test/organizations/o"\n'
    const home = setup({'work/repo/.chef/config.rb': config, 'work/repo/.chef/user.pem': 'k', 'home/.chef/n.pem': 'k'})
    assert.deepEqual(home.settings().clientKey, {path: join(home.home, '.chef/n.pem')})
    const user = setup({'work/repo/.chef/config.rb': config, 'work/repo/.chef/user.pem': 'k'})
    assert.deepEqual(user.settings().clientKey, {path: join(user.root, 'work/repo/.chef/user.pem')})
    const node = setup({'work/repo/.chef/config.rb': config, 'work/repo/.chef/n.pem': 'k', 'work/repo/.chef/user.pem': 'k'})
    assert.deepEqual(node.settings().clientKey, {path: join(node.root, 'work/repo/.chef/n.pem')})
  })

  it('a missing setting says which and how to set it', () => {
    usage(setup({'work/repo/.chef/config.rb': 'node_name "n"\nclient_key "/k.pem"\n'}).settings, /no chef_server_url is configured \(read .*config\.rb\)/, /--server-url URL.*chef_server_url "https:/)
    usage(setup({'work/repo/.chef/config.rb': 'chef_server_url "https://chef.test/organizations/o"\nnode_name "n"\n'}).settings, /no client_key is configured/, /--key PATH/)
    usage(setup({}).settings, /no config\.rb, knife\.rb or credentials profile was found/)
  })

  it('a setting set to nil says where', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}node_name ENV['NOBODY']\n`}).settings, /node_name is set to nothing at .*config\.rb:4/)
  })

  it('a bad protocol version names the file and line', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}\nauthentication_protocol_version "1.2"\n`}).settings, /config\.rb:5: authentication_protocol_version must be "1\.0", "1\.1" or "1\.3", not "1\.2"/)
  })

  it('a bad ssl_verify_mode names the file and line', () => {
    usage(setup({'work/repo/.chef/config.rb': `ssl_verify_mode :verify_maybe\n${rb('o')}`}).settings, /config\.rb:1: ssl_verify_mode must be :verify_peer or :verify_none, not :verify_maybe/)
  })

  it('a server URL without an organization is refused', () => {
    usage(setup({}, 'work/repo/sub', {serverUrl: 'https://chef.test', user: 'u', key: '/k'}).settings, /--server-url: chef_server_url "https:\/\/chef\.test" is not a Chef server URL ending in \/organizations\/ORG/)
  })

  it('a config it cannot understand is an error naming file and line', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}if ENV['CI']\n  node_name "ci"\nend\n`}).settings, /\.chef\/config\.rb:4: cannot understand `if`/)
  })

  it('a non-string value for a used setting names the file and line', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}node_name :me\n`}).settings, /config\.rb:4: node_name must be a string, not :me/)
  })
})

describe('node_name from the login name', () => {
  const config = 'chef_server_url "https://chef.test/organizations/o"\nclient_key "/k.pem"\n'

  it('uses USER, then LOGNAME, and says so in the notes for -V', () => {
    const withUser = setup({'work/repo/.chef/config.rb': config}, 'work/repo/sub', {}, {USER: 'jo', LOGNAME: 'other'}).settings()
    assert.equal(withUser.nodeName, 'jo')
    assert.deepEqual(withUser.sources.nodeName, {kind: 'default', variable: 'USER'})
    assert.deepEqual(withUser.notes, ['node_name is not configured; using the login name "jo" (from USER), as knife does'])
    assert.equal(setup({'work/repo/.chef/config.rb': config}, 'work/repo/sub', {}, {LOGNAME: 'lo'}).settings().nodeName, 'lo')
  })

  it('falls back to the name of the user running pushy', () => {
    const result = setup({'work/repo/.chef/config.rb': config}).settings()
    assert.equal(result.nodeName, userInfo().username)
    assert.match(result.notes?.[0] ?? '', /the user running pushy/)
  })

  it('looks for LOGIN.pem when there is no client_key either', () => {
    const {root, settings} = setup({'work/repo/.chef/config.rb': 'chef_server_url "https://chef.test/organizations/o"\n', 'work/repo/.chef/jo.pem': 'k'}, 'work/repo/sub', {}, {USER: 'jo'})
    assert.deepEqual(settings().clientKey, {path: join(root, 'work/repo/.chef/jo.pem')})
  })

  it('no notes when node_name is configured', () => assert.equal(setup({'work/repo/.chef/config.rb': rb('o')}).settings().notes, undefined))
})

describe('reading forms across files', () => {
  it('strips chef_server_url from any source, as chef-config does', () => {
    assert.equal(setup({'work/repo/.chef/config.rb': 'node_name "u"\nclient_key "/k"\nchef_server_url "https://chef.test/organizations/acme "\n'}).settings().chefServerUrl, 'https://chef.test/organizations/acme')
    assert.equal(setup({'home/.chef/credentials': '[default]\nclient_name = "u"\nclient_key = "/k"\nchef_server_url = "\\thttps://chef.test/organizations/acme/ "\n'}).settings().chefServerUrl, 'https://chef.test/organizations/acme')
  })

  it('a config file reads back what credentials and config.rb set, and config.d reads back config.rb', () => {
    const {settings} = setup({
      'home/.chef/credentials': '[default]\nclient_name = "cred"\nchef_server_url = "https://chef.test/organizations/o"\n',
      'work/repo/.chef/config.rb': 'client_key "/keys/#{node_name}.pem"\nlog_level :info\n',
      'work/repo/.chef/config.d/a.rb': 'node_name "#{node_name}-admin" if log_level == :info\n',
    })
    const result = settings()
    assert.deepEqual(result.clientKey, {path: '/keys/cred.pem'})
    assert.equal(result.nodeName, 'cred-admin')
  })

  it('a [profile.knife] table is read back as knife[:…]', () => {
    const {settings} = setup({
      'home/.chef/credentials': '[default]\nclient_name = "u"\nchef_server_url = "https://chef.test/organizations/o"\n[default.knife]\nkey_dir = "/keys"\n',
      'work/repo/.chef/config.rb': 'client_key "#{knife[:key_dir]}/u.pem"\n',
    })
    assert.deepEqual(settings().clientKey, {path: '/keys/u.pem'})
  })

  it('from_file: settings from the other file name it as their source', () => {
    const {home, settings} = setup({'work/repo/.chef/config.rb': `${rb('o')}from_file File.expand_path("~/.chef/override.rb")\n`, 'home/.chef/override.rb': '\nnode_name "over"\n'})
    const result = settings()
    assert.equal(result.nodeName, 'over')
    assert.deepEqual(result.sources.nodeName, {kind: 'config', file: join(home, '.chef/override.rb'), line: 2})
  })

  it('from_file of a missing file names both files', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}from_file "/nowhere/override.rb"\n`}).settings, /\.chef\/config\.rb:4: from_file "\/nowhere\/override\.rb": \/nowhere\/override\.rb does not exist/, /if File\.exist\?/)
  })
})

describe('rest_timeout', () => {
  it('defaults to 300 seconds', () => assert.equal(setup({'work/repo/.chef/config.rb': rb('o')}).settings().restTimeoutSeconds, 300))

  it('reads config.rb and credentials', () => {
    const result = setup({'work/repo/.chef/config.rb': `${rb('o')}rest_timeout 30\n`}).settings()
    assert.equal(result.restTimeoutSeconds, 30)
    assert.equal(result.sources.restTimeoutSeconds.line, 4)
    assert.equal(setup({'home/.chef/credentials': '[default]\nclient_name = "u"\nclient_key = "/k"\nchef_server_url = "https://chef.test/organizations/o"\nrest_timeout = 2.5\n'}).settings().restTimeoutSeconds, 2.5)
  })

  it('refuses what is not a positive number, naming file and line', () => {
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}rest_timeout "30"\n`}).settings, /config\.rb:4: rest_timeout must be a number of seconds above 0, not "30"/)
    usage(setup({'work/repo/.chef/config.rb': `${rb('o')}rest_timeout 0\n`}).settings, /config\.rb:4: rest_timeout must be/)
  })
})

describe('proxy settings', () => {
  const proxyOf = (config: string, env: Record<string, string> = {}) => setup({'work/repo/.chef/config.rb': `${rb('o')}${config}`}, 'work/repo/sub', {}, env).settings()

  it('none configured: an empty object', () => assert.deepEqual(proxyOf('http_proxy nil\n').proxy, {}))

  it('reads all seven from config.rb', () => {
    const result = proxyOf([
      'http_proxy "http://p.example:3128"', 'https_proxy "p.example:3129"', 'no_proxy "localhost,.internal"',
      'http_proxy_user "hu"', 'http_proxy_pass "hp"', 'https_proxy_user "su"', 'https_proxy_pass " s p "', '',
    ].join('\n'))
    assert.deepEqual(result.proxy, {
      httpProxy: 'http://p.example:3128', httpsProxy: 'p.example:3129', noProxy: 'localhost,.internal',
      httpProxyUser: 'hu', httpProxyPass: 'hp', httpsProxyUser: 'su', httpsProxyPass: ' s p ',
    })
    assert.equal(result.sources['proxy.httpsProxy'].line, 5)
  })

  it('takes the environment, lower case first, when config.rb says nothing', () => {
    const result = proxyOf('', {https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1', HTTP_PROXY: 'http://upper:2', no_proxy: ' ', NO_PROXY: 'example.com'})
    assert.deepEqual(result.proxy, {httpsProxy: 'http://lower:1', httpProxy: 'http://upper:2', noProxy: 'example.com'})
    assert.deepEqual(result.sources['proxy.httpsProxy'], {kind: 'env', variable: 'https_proxy'})
    assert.deepEqual(result.sources['proxy.noProxy'], {kind: 'env', variable: 'NO_PROXY'})
  })

  it('config.rb wins over the environment, setting by setting', () => {
    const result = proxyOf('https_proxy "http://config:1"\n', {https_proxy: 'http://env:1', no_proxy: 'env.example'})
    assert.deepEqual(result.proxy, {httpsProxy: 'http://config:1', noProxy: 'env.example'})
  })

  it('refuses a proxy that is not an http(s) URL without repeating a password', () => {
    usage(() => proxyOf('https_proxy "socks5://u:secret@p:1080"\n'), /config\.rb:4: https_proxy is a socks5:\/\/ proxy/)
    usage(() => proxyOf('', {HTTP_PROXY: 'http://u:secret@[bad'}), /the environment variable HTTP_PROXY: http_proxy is not a URL$/)
    assert.throws(() => proxyOf('https_proxy "socks5://u:secret@p:1080"\n'), (error: Error) => !error.message.includes('secret'))
    usage(() => proxyOf('no_proxy ["a", "b"]\n'), /config\.rb:4: no_proxy must be a string, not an array/)
  })
})

