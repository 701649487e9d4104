// An esbuild plugin for dist/fast.cjs: Node built-ins that a short command may never use are
// loaded on first use instead of when the module importing them loads.
// Why: oclif and got import built-ins at load for features a `pushy job status` over plain HTTP
// never touches (tls and https, zlib, dns, child_process, readline, perf_hooks, …). Node compiles
// each one it loads, so they cost a few ms of every start-up (bench/startup.ts).
// How: an import of one of LAZY becomes a stand-in object that has the built-in's export names
// (taken from this Node at build time, so `import x from` and `import * as` see them) and loads
// the real module on the first read, write or call of any of them. Nothing in a dependency's text
// changes; a built-in that is touched at load simply loads then, as before.
import {builtinModules, createRequire} from 'node:module'

const require = createRequire(import.meta.url)

/** Built-ins that Node's own start-up does not load, and that pushy's fast path may not need. */
export const LAZY = [
  'child_process',
  'dgram',
  'dns',
  'dns/promises',
  'fs/promises',
  'http2',
  'https',
  'inspector',
  'os',
  'perf_hooks',
  'readline',
  'readline/promises',
  'timers/promises',
  'tls',
  'tty',
  'v8',
  'worker_threads',
  'zlib',
]

/** Defines the stand-in maker; goes in the bundle's banner (raw text: its require is Node's). */
export const LAZY_BUILTIN_RUNTIME = [
  'function __pushyLazyBuiltin(id, names) {',
  '  let real;',
  // esbuild's interop asks for every name's descriptor when a module imports the built-in
  '  const named = new Set(names);',
  '  const load = () => (real ??= require(id));',
  '  return new Proxy({}, {',
  // esbuild's ESM interop asks every CommonJS module whether it is an ES module: no built-in is,
  // and asking must not load it
  "    get: (_, key) => (key === '__esModule' && real === undefined ? undefined : load()[key]),",
  '    set: (_, key, value) => ((load()[key] = value), true),',
  '    has: (_, key) => key in load(),',
  '    ownKeys: () => (real === undefined ? names : Reflect.ownKeys(real)),',
  '    getOwnPropertyDescriptor: (_, key) => {',
  '      if (real === undefined) return named.has(key) ? {configurable: true, enumerable: true, writable: true, value: undefined} : undefined;',
  '      const own = Reflect.getOwnPropertyDescriptor(real, key);',
  // the stand-in has no own properties, and a proxy may not call one it lacks non-configurable
  '      return own && {...own, configurable: true};',
  '    },',
  '  });',
  '}',
].join('\n')

const bare = (id) => id.replace(/^node:/, '')

/** The esbuild plugin: resolves LAZY built-ins to stand-ins. */
export function lazyBuiltins() {
  const lazy = new Set(LAZY.filter((id) => builtinModules.includes(id)))
  const filter = new RegExp(`^(node:)?(${[...lazy].map((id) => id.replace('/', '\\/')).join('|')})$`)
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({filter}, (args) => ({path: bare(args.path), namespace: 'lazy-builtin'}))
      build.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, (args) => {
        const names = Object.getOwnPropertyNames(require(`node:${args.path}`))
        return {contents: `module.exports = __pushyLazyBuiltin(${JSON.stringify(`node:${args.path}`)}, ${JSON.stringify(names)})`, loader: 'js'}
      })
    },
  }
}
