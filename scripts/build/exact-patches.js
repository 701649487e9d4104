// Build-time text replacements in dependencies, each of which must match exactly once.
// Used only where no option, newer version or documented entry point does the job; each is
// listed, with its upstream fix, in README's Performance section. A dependency update that
// changes the text FAILS THE BUILD (here), so nothing is ever patched silently or half-way.
import {readFile} from 'node:fs/promises'

/** file (its path under node_modules) → the exact text, its replacement and why */
export const PATCHES = [
  {
    file: '@oclif/core/lib/config/plugin.js',
    // oclif sorts command ids with localeCompare; the first call sets up an ICU collator
    // (~7 ms of each start-up). Ids are ASCII, so code-unit order lists them the same way.
    find: '.sort((a, b) => a.id.localeCompare(b.id));',
    replace: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
  },
  {
    file: '@oclif/core/lib/config/plugin.js',
    // tinyglobby (with fdir and picomatch, ~1 ms at load) finds command files for oclif's
    // `pattern` strategy; pushy's fast path uses `explicit`. oclif only calls its `glob`.
    find: 'const tinyglobby_1 = require("tinyglobby");',
    replace: 'const tinyglobby_1 = {get glob() { return require("tinyglobby").glob }};',
  },
  // ejs (~0.5 ms at load) renders the URL templates of oclif's update and packaging settings and
  // the templates in help texts, neither of which a command run uses. Both modules only read
  // `ejs_1.default` (ejs has no __esModule, so __importDefault gave { default: ejs }).
  ...['@oclif/core/lib/config/config.js', '@oclif/core/lib/help/util.js'].map((file) => ({
    file,
    find: 'const ejs_1 = __importDefault(require("ejs"));',
    replace: 'const ejs_1 = {get default() { return require("ejs") }};',
  })),
  {
    file: '@oclif/core/lib/util/os.js',
    // Each Config.load asks whether this is WSL through wsl-utils, which loads node:child_process
    // and node:fs/promises at load for its PowerShell helpers (~3 ms of each start-up). Its
    // `isWsl` is is-wsl's default export, asked here directly (is-wsl is wsl-utils' dependency;
    // the build fails if it cannot be found).
    find: "return (await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)();",
    replace: "return (await import('is-wsl')).default ? 'wsl' : (0, node_os_1.platform)();",
  },
  {
    file: 'got/dist/source/core/index.js',
    // got imports decompress-response at load, which loads node:zlib (~1.5 ms of each start-up),
    // and passes it every response. It returns a response without a content-encoding header as it
    // is, so that case is answered here and the module is loaded for the first encoded response
    // (Chef Server's nginx may gzip); any encoding, known or not, still goes to it.
    find: "import decompressResponse from 'decompress-response';",
    replace:
      'let __pushyDecompressResponse; ' +
      "const decompressResponse = (response) => (response.headers['content-encoding'] ? (__pushyDecompressResponse ??= require('decompress-response').default)(response) : response);",
  },
  {
    file: 'got/dist/source/core/index.js',
    // got imports cacheable-request at load (with keyv, http-cache-semantics, normalize-url, …),
    // though it uses it only with its `cache` option, which pushy never sets. got calls `new
    // CacheableRequest(…)` (a function returning an object works with `new` the same way) and asks
    // `error instanceof CacheableCacheError`, which no error can be while the module is not loaded.
    find: "import CacheableRequest, { CacheError as CacheableCacheError, } from 'cacheable-request';",
    replace:
      'let __pushyCacheableRequest; ' +
      "const CacheableRequest = function (...args) { return new (__pushyCacheableRequest ??= require('cacheable-request')).default(...args) }; " +
      'const CacheableCacheError = {[Symbol.hasInstance]: (error) => __pushyCacheableRequest !== undefined && error instanceof __pushyCacheableRequest.CacheError};',
  },
  {
    file: 'got/dist/source/core/options.js',
    // got imports http2-wrapper at load, which loads node:http2 (~15 ms of every start-up) and
    // builds its agents, though got touches it only when its `http2` option is on (pushy never
    // sets it: Chef servers speak HTTP/1.1). The import becomes a getter that loads it on first
    // use; got reads only `.auto` and `.globalAgent` from it (checked: the text must match).
    find: "import http2wrapper from 'http2-wrapper';",
    replace:
      "let __pushyHttp2Wrapper; const __pushyLoadHttp2Wrapper = () => (__pushyHttp2Wrapper ??= require('http2-wrapper')); " +
      'const http2wrapper = {get auto() { return __pushyLoadHttp2Wrapper().auto }, get globalAgent() { return __pushyLoadHttp2Wrapper().globalAgent }};',
  },
  {
    file: 'got/dist/source/core/options.js',
    // got imports cacheable-lookup at load, which loads node:dns and builds a resolver, though got
    // uses it only when its `dnsCache` option is true (pushy never sets it: one server, one
    // lookup). got only ever calls `new CacheableLookup()`; a function returning an object works
    // with `new` the same way (checked: the text must match).
    find: "import CacheableLookup from 'cacheable-lookup';",
    replace:
      "let __pushyCacheableLookup; " +
      "const CacheableLookup = function (...args) { return new (__pushyCacheableLookup ??= require('cacheable-lookup').default)(...args) };",
  },
]

const escapeRe = (text) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** An esbuild plugin applying PATCHES; `check()` throws unless every patch was applied. */
export function exactPatches() {
  const applied = new Set()
  const plugin = {
    name: 'exact-patches',
    setup(build) {
      // one onLoad per file (esbuild uses the first that answers), applying all of its patches
      for (const file of new Set(PATCHES.map((p) => p.file))) {
        const filter = new RegExp(`[\\\\/]node_modules[\\\\/]${file.split('/').map(escapeRe).join('[\\\\/]')}$`)
        build.onLoad({filter}, async (args) => {
          let text = await readFile(args.path, 'utf8')
          for (const patch of PATCHES.filter((p) => p.file === file)) {
            const count = text.split(patch.find).length - 1
            if (count !== 1) throw new Error(`exact patch of ${file}: its text is there ${count} times, not once (dependency updated? see README, Performance)`)
            text = text.replace(patch.find, patch.replace)
            applied.add(patch)
          }
          return {contents: text, loader: 'js'}
        })
      }
    },
  }
  const check = () => {
    const missing = PATCHES.filter((p) => !applied.has(p)).map((p) => p.file)
    if (missing.length > 0) throw new Error(`exact patches not applied (file no longer bundled?): ${missing.join(', ')}`)
  }
  return {plugin, check}
}
