// The fast bundle's stand-ins for Node built-ins (scripts/build/lazy-builtins.js): a module that
// imports one gets something that behaves as the built-in, which is loaded on first real use.
import assert from 'node:assert/strict'
import {createRequire} from 'node:module'
import {describe, it} from 'node:test'
// @ts-expect-error: a plain JavaScript build script, without types
import {LAZY_BUILTIN_RUNTIME} from '../../scripts/build/lazy-builtins.js'

const nodeRequire = createRequire(import.meta.url)

/** The runtime as the bundle's banner defines it, with a require that records what it loads. */
function standIn(id: string): {module: Record<string | symbol, unknown>; loads: string[]} {
  const loads: string[] = []
  const require = (name: string): unknown => {
    loads.push(name)
    return nodeRequire(name)
  }
  const make = new Function('require', `${LAZY_BUILTIN_RUNTIME as string}\nreturn __pushyLazyBuiltin`)(require) as (id: string, names: string[]) => Record<string | symbol, unknown>
  return {module: make(id, Object.getOwnPropertyNames(nodeRequire(id))), loads}
}

/** esbuild's __toESM, as the bundle has it: what `import zlib from 'node:zlib'` becomes. */
function toEsm(module: object): Record<string, unknown> {
  const target: Record<string, unknown> = Object.create(Object.getPrototypeOf(module) as object | null)
  const copy = module as {__esModule?: boolean}
  if (!copy.__esModule) Object.defineProperty(target, 'default', {value: module, enumerable: true})
  for (const key of Object.getOwnPropertyNames(module)) {
    if (key !== 'default') Object.defineProperty(target, key, {get: () => (module as Record<string, unknown>)[key], enumerable: Object.getOwnPropertyDescriptor(module, key)?.enumerable ?? true})
  }
  return target
}

describe('lazy built-ins (the fast bundle)', () => {
  it('an import of the stand-in loads nothing, not even esbuild asking whether it is an ES module', () => {
    const {module, loads} = standIn('node:zlib')
    const imported = toEsm(module)
    assert.deepEqual(loads, [])
    assert.ok(Object.keys(imported).includes('createGunzip'), 'the export names are there before the load')
  })

  it('the first use loads the real module, once, and every export is the real one', () => {
    const {module, loads} = standIn('node:zlib')
    const imported = toEsm(module)
    const zlib = nodeRequire('node:zlib') as Record<string, unknown>
    assert.equal(imported.gunzipSync, zlib.gunzipSync)
    assert.equal((imported.default as Record<string, unknown>).constants, zlib.constants)
    assert.equal('deflateSync' in module, true)
    assert.deepEqual(loads, ['node:zlib'])
  })

  it('works as the module does: calls, classes, writes and property descriptors', () => {
    const {module} = standIn('node:dns')
    const dns = nodeRequire('node:dns') as Record<string, unknown>
    const Resolver = module.Resolver as new () => object
    assert.ok(new Resolver() instanceof (dns.Resolver as new () => object))
    const descriptor = Object.getOwnPropertyDescriptor(module, 'lookup')
    assert.equal(descriptor?.value, dns.lookup)
    assert.equal(descriptor?.configurable, true, 'a proxy may not report a non-configurable property its target lacks')
    assert.deepEqual(Reflect.ownKeys(module), Reflect.ownKeys(dns))
    const marker = Symbol('test')
    module[marker] = 1
    assert.equal((dns as Record<symbol, unknown>)[marker], 1)
    delete (dns as Record<symbol, unknown>)[marker]
  })
})
