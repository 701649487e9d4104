#!/usr/bin/env node
// For development: rebundles the TypeScript sources (esbuild, under a second; no type check,
// `npm run typecheck` does that), refreshes the oclif manifest, then runs exactly what
// bin/run.js runs. (oclif's own development mode would load dist/ anyway: the manifest points
// there.)
import {execFileSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
for (const script of ['scripts/bundle.js', 'scripts/manifest.js']) {
  execFileSync(process.execPath, [script], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']})
}
await import('./run.js')
