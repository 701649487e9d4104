// `npm run build`: type-check the sources (tsc) while bundling them (esbuild, then the oclif
// manifest and docs/commands.md from the bundle). The two do not depend on each other, and tsc
// alone takes most of the build, so they run side by side; the build fails if either fails.
import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'
import {createRequire} from 'node:module'

const run = (script, args = []) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {stdio: 'inherit'})
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })

async function bundle() {
  for (const step of ['scripts/bundle.js', 'scripts/manifest.js', 'scripts/commands-doc.js']) {
    const code = await run(step)
    if (code !== 0) return code
  }
  return 0
}

rmSync('dist', {recursive: true, force: true})
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const codes = await Promise.all([run(tsc, ['--noEmit', '-p', 'tsconfig.build.json']), bundle()])
process.exit(codes.find((code) => code !== 0) ?? 0)
