// Module hooks for scripts/ts-loader/register.js (they run on Node's loader thread).
// - resolve: `./x.js` written in a .ts file means `./x.ts` when only that exists (TypeScript's
//   NodeNext convention, which tsc checks);
// - load: a .ts file is served from the JavaScript compile.js wrote for it, with an inline source
//   map so stack traces and test locations name the .ts lines; the module keeps its own URL, so
//   `import.meta.url` is the .ts file's. A file that has no compiled copy, or one older than the
//   source, is compiled here on first use (esbuild, loaded only then).
import {existsSync, readFileSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {compiledPathOf, transformFile} from './compile.js'

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL
  if (parent?.endsWith('.ts') && specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:'))) {
    const js = new URL(specifier, parent)
    if (!existsSync(js)) {
      const ts = new URL(js.href.replace(/\.js$/, '.ts'))
      if (existsSync(ts)) return {url: ts.href, format: 'module', shortCircuit: true}
    }
  }

  return nextResolve(specifier, context)
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const compiled = compiledPathOf(path)
  const compiledAt = compiled === undefined ? undefined : statSync(compiled, {throwIfNoEntry: false})?.mtimeMs
  const fresh = compiledAt !== undefined && compiledAt >= statSync(path).mtimeMs
  const source = fresh ? readFileSync(compiled, 'utf8') : await transformFile(path)
  return {format: 'module', source, shortCircuit: true}
}
