// Bundles the commands with their dependencies into dist/ (esbuild; types are checked by tsc).
// Why: Node spends most of a short command's start-up resolving, reading and compiling modules
// (over 400 files for `pushy job status`); a few chunks load in a fraction of that time
// (bench/startup.ts measures it). Two outputs:
// - ESM chunks (dist/*.js): help, completion and unknown commands. Lazy `import()`s in the
//   sources become chunks of their own, so a command still loads only what it uses.
// - dist/fast.cjs: one CommonJS file holding every other command and its runner, which bin/run.js
//   compiles with a V8 code cache (bin/code-cache.js). The commands sit behind getters and lazy
//   `import()`s become lazy requires of inlined modules, so `job status` evaluates none of
//   `job start`'s modules.
import {build} from 'esbuild'
import {createHash} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {relative, resolve} from 'node:path'
import {asciiOutput} from './build/ascii-output.js'
import {exactPatches} from './build/exact-patches.js'
import {LAZY_BUILTIN_RUNTIME, lazyBuiltins} from './build/lazy-builtins.js'
import {filesUnder} from './lib/files.js'

/** What both outputs share. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  // oclif's optional TypeScript support for linked plugins; never used by an installed CLI.
  external: ['typescript', 'ts-node'],
  // @sindresorhus/is (got's) builds two Intl.ListFormat at load: made lazy, see the shim.
  define: {'Intl.ListFormat': 'LazyListFormat'},
  inject: ['scripts/build/lazy-list-format.js'],
  logLevel: 'warning',
}

/** A build with the exact patches, failing when one of them did not apply. */
async function patchedBuild(options, plugins = []) {
  const patches = exactPatches()
  await build({...options, plugins: [patches.plugin, ...plugins]})
  patches.check()
}

await patchedBuild({
  ...common,
  entryPoints: [
    ...filesUnder('src/commands', '.ts'),
    ...filesUnder('src/hooks', '.ts'),
    'src/cli.ts',
    'src/help.ts',
    // the local server on its own, for the benchmarks' server process
    'src/lib/zero/server.ts',
  ],
  outdir: 'dist',
  outbase: 'src',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // The CommonJS packages inside (oclif, semver, …) call require() and read __dirname.
  banner: {
    js: [
      "import {createRequire as __pushyCreateRequire} from 'node:module'",
      "import {dirname as __pushyDirname} from 'node:path'",
      "import {fileURLToPath as __pushyFileURLToPath} from 'node:url'",
      'const require = __pushyCreateRequire(import.meta.url)',
      'const __filename = __pushyFileURLToPath(import.meta.url)',
      'const __dirname = __pushyDirname(__filename)',
    ].join(';'),
  },
})

// The fast bundle's commands: every command but autocomplete's (completion keeps the ESM path),
// by oclif id, each a getter that requires its module on first use. oclif finds them with its
// `explicit` command strategy (src/fast-path.ts).
const fastCommands = filesUnder('src/commands', '.ts')
  .map((file) => relative('src/commands', file).replace(/\.ts$/, '').split(/[\\/]/))
  .filter((parts) => parts[0] !== 'autocomplete')
  .map((parts) => ({id: parts.filter((p, i) => !(p === 'index' && i === parts.length - 1)).join(':'), file: resolve('src/commands', ...parts) + '.ts'}))
const fastEntry = [
  `export {configLoaded, only, runKnown} from ${JSON.stringify(resolve('src/fast-path.ts'))}`,
  'export const commands = {',
  ...fastCommands.map(({id, file}) => `  get ${JSON.stringify(id)}() { return require(${JSON.stringify(file)}).default },`),
  '}',
].join('\n')

await patchedBuild({
  ...common,
  stdin: {contents: fastEntry, resolveDir: process.cwd(), sourcefile: 'fast-entry.js', loader: 'js'},
  outfile: 'dist/fast.cjs',
  format: 'cjs',
  // ESM's import.meta.url (src/lib/package-root.ts) from CommonJS's __filename
  define: {...common.define, 'import.meta.url': '__pushyImportMetaUrl'},
  // For --verbose stack traces: every command runs from this bundle, and -V loads it with source
  // maps on (bin/run.js), so it is the one output with a map. Positions and file names are all a
  // stack trace needs, so the map leaves out the sources themselves (two thirds of its size). The
  // ESM chunks (help, completion, unknown commands) ship none: the package would otherwise be
  // mostly maps.
  sourcemap: 'linked',
  sourcesContent: false,
  banner: {js: `var __pushyImportMetaUrl=require('node:url').pathToFileURL(__filename).href;\n${LAZY_BUILTIN_RUNTIME}`},
}, [lazyBuiltins()])

// Pure ASCII, so Node reads it on its fast path (scripts/build/ascii-output.js).
const ascii = asciiOutput(readFileSync('dist/fast.cjs', 'utf8'), JSON.parse(readFileSync('dist/fast.cjs.map', 'utf8')))
writeFileSync('dist/fast.cjs', ascii.code)
writeFileSync('dist/fast.cjs.map', JSON.stringify(ascii.map))

// The code cache's key part for this bundle (bin/code-cache.js), so no start-up hashes 2 MB.
const hash = createHash('sha256').update(readFileSync('dist/fast.cjs')).digest('hex').slice(0, 16)
writeFileSync('dist/fast.json', JSON.stringify({hash, commands: fastCommands.map((c) => c.id)}) + '\n')
