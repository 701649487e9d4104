import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {bypassesProxy, parseProxyUrl, proxyFor, redactedProxy} from '../../../src/lib/config/proxy.js'

const url = (text: string): URL => new URL(text)
const via = (target: string, proxy: Parameters<typeof proxyFor>[1]): string | undefined => proxyFor(url(target), proxy)?.url.href

describe('proxyFor: the scheme picks the proxy', () => {
  const proxy = {httpProxy: 'http://plain.proxy:3128', httpsProxy: 'http://secure.proxy:3129'}

  it('https targets use https_proxy, http targets http_proxy', () => {
    assert.equal(via('https://chef.example.com/organizations/o', proxy), 'http://secure.proxy:3129/')
    assert.equal(via('http://chef.example.com/', proxy), 'http://plain.proxy:3128/')
  })

  it('no proxy for a scheme that has none configured', () => {
    assert.equal(via('https://chef.example.com/', {httpProxy: 'http://plain.proxy:3128'}), undefined)
    assert.equal(via('http://chef.example.com/', {httpsProxy: 'http://secure.proxy:3129'}), undefined)
    assert.equal(via('https://chef.example.com/', {httpsProxy: '  '}), undefined)
  })

  it('a proxy without a scheme is http://, as for knife and curl', () => {
    assert.equal(via('https://chef.example.com/', {httpsProxy: 'secure.proxy:3129'}), 'http://secure.proxy:3129/')
  })

  it('an https:// proxy stays https://', () => assert.equal(via('https://c.example/', {httpsProxy: 'https://tls.proxy'}), 'https://tls.proxy/'))

  it('a loopback server behind a loopback proxy is proxied: only no_proxy decides', () => {
    assert.equal(via('http://127.0.0.1:8443/organizations/o', {httpProxy: 'http://127.0.0.1:3128'}), 'http://127.0.0.1:3128/')
    assert.equal(via('https://localhost:8443/', {httpsProxy: 'http://localhost:3128'}), 'http://localhost:3128/')
    assert.equal(via('http://[::1]:8443/', {httpProxy: 'http://[::1]:3128'}), 'http://[::1]:3128/')
  })
})

describe('proxyFor: credentials', () => {
  it('from the URL, percent-decoded, and never left in the URL', () => {
    const target = proxyFor(url('https://c.example/'), {httpsProxy: 'http://al%40ice:p%3Ass%20w@proxy:8080'})
    assert.deepEqual(target && {url: target.url.href, username: target.username, password: target.password}, {url: 'http://proxy:8080/', username: 'al@ice', password: 'p:ss w'})
  })

  it('from *_user/*_pass, which win over the URL, for their own scheme only', () => {
    const proxy = {httpsProxy: 'http://u:p@proxy:8080', httpProxy: 'http://proxy:8081', httpsProxyUser: 'su', httpsProxyPass: 'sp', httpProxyUser: 'hu'}
    const secure = proxyFor(url('https://c.example/'), proxy)
    assert.equal(secure?.username, 'su')
    assert.equal(secure?.password, 'sp')
    const plain = proxyFor(url('http://c.example/'), proxy)
    assert.equal(plain?.username, 'hu')
    assert.equal(plain?.password, undefined)
  })

  it('none when there are none', () => {
    const target = proxyFor(url('https://c.example/'), {httpsProxy: 'http://proxy:8080'})
    assert.deepEqual(Object.keys(target ?? {}), ['url'])
  })

  it('a malformed percent escape is kept as written', () => assert.equal(proxyFor(url('https://c.example/'), {httpsProxy: 'http://a%zz:b@proxy'})?.username, 'a%zz'))
})

describe('no_proxy', () => {
  const bypass = (target: string, noProxy: string): boolean => bypassesProxy(url(target), noProxy)

  it('a host name matches itself and the hosts under it', () => {
    assert.equal(bypass('https://chef.example.com/', 'chef.example.com'), true)
    assert.equal(bypass('https://a.chef.example.com/', 'chef.example.com'), true)
    assert.equal(bypass('https://otherchef.example.com/', 'chef.example.com'), false)
  })

  it('.example.com and *.example.com match the domain and everything under it', () => {
    for (const entry of ['.example.com', '*.example.com', 'example.com']) {
      assert.equal(bypass('https://chef.example.com/', entry), true, entry)
      assert.equal(bypass('https://example.com/', entry), true, entry)
      assert.equal(bypass('https://badexample.com/', entry), false, entry)
    }
  })

  it('is case-insensitive and ignores a trailing dot', () => {
    assert.equal(bypass('https://Chef.Example.COM./', 'EXAMPLE.com.'), true)
  })

  it('host:port matches only that port, the scheme default included', () => {
    assert.equal(bypass('https://chef.example.com/', 'chef.example.com:443'), true)
    assert.equal(bypass('https://chef.example.com:8443/', 'chef.example.com:443'), false)
    assert.equal(bypass('http://chef.example.com/', 'chef.example.com:80'), true)
    assert.equal(bypass('http://chef.example.com:8080/', '.example.com:8080'), true)
  })

  // (loopback addresses only, even in strings that are never contacted)
  it('IP addresses match exactly, never as a suffix', () => {
    assert.equal(bypass('http://127.0.0.2/', '127.0.0.2'), true)
    assert.equal(bypass('http://127.0.0.2/', '0.0.2'), false)
    assert.equal(bypass('http://127.0.0.22/', '127.0.0.2'), false)
    assert.equal(bypass('http://127.0.0.1:8889/', '127.0.0.1:8889'), true)
    assert.equal(bypass('http://[::1]:8889/', '::1'), true)
    assert.equal(bypass('http://[::1]:8889/', '[0:0::1]:8889'), true)
    assert.equal(bypass('http://[::1]:8889/', '[::1]:8888'), false)
    assert.equal(bypass('http://127.0.0.1/', 'localhost'), false)
  })

  it('CIDR ranges', () => {
    assert.equal(bypass('http://127.20.30.40/', '127.16.0.0/12'), true)
    assert.equal(bypass('http://127.32.0.1/', '127.16.0.0/12'), false)
    assert.equal(bypass('http://[::1]/', '::/120'), true)
    assert.equal(bypass('http://chef.example.com/', '127.0.0.0/8'), false)
  })

  it('* matches everything', () => assert.equal(bypass('https://anything.example/', '*'), true))

  it('lists separated by commas and white space', () => {
    assert.equal(bypass('https://chef.example.com/', 'localhost, 127.0.0.1 ,\t.example.com'), true)
    assert.equal(bypass('https://chef.example.org/', 'localhost, 127.0.0.1 ,\t.example.com'), false)
    assert.equal(bypass('https://chef.example.org/', ', ,'), false)
  })

  it('decides proxyFor', () => {
    const proxy = {httpsProxy: 'http://proxy:3128', noProxy: 'internal.example,localhost'}
    assert.equal(via('https://chef.internal.example/', proxy), undefined)
    assert.equal(via('https://chef.example.com/', proxy), 'http://proxy:3128/')
  })
})

describe('parseProxyUrl and redactedProxy', () => {
  it('accepts http and https proxies, with or without a scheme', () => {
    assert.equal((parseProxyUrl('proxy:3128') as URL).href, 'http://proxy:3128/')
    assert.equal((parseProxyUrl('https://proxy') as URL).href, 'https://proxy/')
  })

  it('refuses other schemes and what is not a URL, without repeating the text', () => {
    assert.deepEqual(parseProxyUrl('socks5://u:secret@proxy:1080'), {problem: 'is a socks5:// proxy; pushy talks only to http:// and https:// proxies'})
    assert.deepEqual(parseProxyUrl('http://u:secret@[nope'), {problem: 'is not a URL'})
  })

  it('never shows a password', () => {
    assert.equal(redactedProxy('http://al%40ice:s3cret@proxy:8080'), 'http://al%40ice:***@proxy:8080/')
    assert.equal(redactedProxy(new URL('http://u:s3cret@proxy/')), 'http://u:***@proxy/')
    assert.equal(redactedProxy('proxy:3128'), 'http://proxy:3128/')
    assert.equal(redactedProxy('http://u:s3cret@[nope'), '(a proxy setting that is not a URL)')
  })
})
