// Compiles the project's TypeScript to JavaScript for scripts/ts-loader/hooks.js: once per test
// run, all files in one esbuild call (~0.3 s), into node_modules/.cache/pushy-ts/ mirroring the
// project's folders. esbuild only strips types (no type check: `tsc --noEmit` in the build does
// that), as tsx did.
import {mkdirSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'pushy-ts')

const OPTIONS = {format: 'esm', platform: 'node', target: 'node20', sourcemap: 'inline', sourcesContent: false}

/** Where the compiled copy of `path` (an absolute .ts path) lives, or undefined outside the project. */
export function compiledPathOf(path) {
  const rel = relative(ROOT, path)
  if (rel.startsWith('..') || rel.startsWith(`node_modules${sep}`)) return undefined
  return join(CACHE_DIR, rel.replace(/\.ts$/, '.js'))
}

/** Compiles every file in `paths` (absolute .ts paths) into the cache. */
export async function compileAll(paths) {
  const {build} = await import('esbuild')
  const {outputFiles} = await build({...OPTIONS, entryPoints: paths, outdir: CACHE_DIR, outbase: ROOT, write: false, logLevel: 'error'})
  for (const {path, text} of outputFiles) {
    mkdirSync(dirname(path), {recursive: true})
    writeFileSync(path, withSourceNamed(text, basename(path).replace(/\.js$/, '.ts')))
  }
}

/** One file, compiled now: for a file the cache does not hold or holds an older copy of. */
export async function transformFile(path) {
  const {readFile} = await import('node:fs/promises')
  const {transform} = await import('esbuild')
  const {code} = await transform(await readFile(path, 'utf8'), {...OPTIONS, loader: 'ts', sourcefile: path})
  return withSourceNamed(code, basename(path))
}

const MAP_PREFIX = '//# sourceMappingURL=data:application/json;base64,'

/**
 * The module runs under the .ts file's own URL, and a source map's `sources` are read relative to
 * it: name the .ts file by its base name, so stack traces point at it.
 */
function withSourceNamed(code, source) {
  const at = code.lastIndexOf(MAP_PREFIX)
  if (at < 0) return code
  const map = JSON.parse(Buffer.from(code.slice(at + MAP_PREFIX.length), 'base64').toString('utf8'))
  map.sources = [source]
  return `${code.slice(0, at)}${MAP_PREFIX}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`
}
