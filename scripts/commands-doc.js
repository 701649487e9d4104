// Regenerates docs/commands.md from the built CLI's command definitions (run by `npm run build`,
// after scripts/manifest.js). `--print` writes the reference to stdout and touches nothing: the
// drift test (test/scripts/commands-doc.test.ts) compares that with the checked-in file.
// Under CI=true the file is left as committed, so a reference nobody regenerated fails that test
// instead of being silently rewritten on the CI machine.
import {Config} from '@oclif/core'
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {commandReference} from './lib/command-reference.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docPath = new URL('../docs/commands.md', import.meta.url)
const reference = await commandReference(await Config.load({root}))

const current = (() => {
  try {
    return readFileSync(docPath, 'utf8')
  } catch {
    return undefined
  }
})()

if (process.argv.includes('--print')) {
  process.stdout.write(reference)
} else if (reference === current) {
  console.log('docs/commands.md: up to date')
} else if (process.env.CI) {
  console.log('docs/commands.md: out of date (left as committed under CI; the drift test will fail)')
} else {
  writeFileSync(docPath, reference)
  console.log('docs/commands.md: regenerated')
}
