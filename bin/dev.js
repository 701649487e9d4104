#!/usr/bin/env node
// For development: rebundles the TypeScript sources (esbuild, under a second; no type check,
// `npm run typecheck` does that), refreshes the oclif manifest, then runs exactly what
// bin/run.js runs. (oclif's own development mode would load dist/ anyway: the manifest points
// there.) CommonJS, like everything in bin/ (bin/package.json).
'use strict'
const {execFileSync} = require('node:child_process')
const {join} = require('node:path')

const root = join(__dirname, '..')
for (const script of ['scripts/bundle.js', 'scripts/manifest.js']) {
  execFileSync(process.execPath, [script], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']})
}
require('./run.js')
