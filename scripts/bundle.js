// Bundles the commands with their dependencies into dist/ (esbuild; types are checked by tsc).
// Why: Node spends most of a short command's start-up resolving, reading and compiling modules
// (over 400 files for `pushy job status`); a few chunks load in a fraction of that time
// (bench/startup.ts measures it). Lazy `import()`s in the sources become chunks of their own, so
// a command still loads only what it uses.
import {build} from 'esbuild'
import {filesUnder} from './lib/files.js'

await build({
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
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // For --verbose stack traces, which turn source maps on (see PushyCommand.setupIo): positions
  // and file names are all a stack trace needs, so the maps leave out the sources themselves
  // (two thirds of their size; the package would otherwise be mostly source maps).
  sourcemap: 'linked',
  sourcesContent: false,
  chunkNames: 'chunks/[name]-[hash]',
  // oclif's optional TypeScript support for linked plugins; never used by an installed CLI.
  external: ['typescript', 'ts-node'],
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
  logLevel: 'warning',
})
