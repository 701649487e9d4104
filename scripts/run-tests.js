// Runs every test/**/*.test.ts with node's own test runner (TypeScript through tsx).
// Node 20's --test does not expand globs, so the file list is built here.
import {spawnSync} from 'node:child_process'
import {filesUnder} from './lib/files.js'

const only = process.argv.slice(2)
const files = (only.length > 0 ? only : filesUnder('test', '.test.ts', ['fixtures'])).sort()
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {stdio: 'inherit'})
process.exit(result.status ?? 1)
