// Runs every test/**/*.test.ts (or the files given) with node's own test runner, TypeScript
// through tsx, reported by scripts/test-reporter.js: dots, then each failure in full, then the
// `N passed, N failed` line CI reads. Node 20's --test does not expand globs, so the file list is
// built here. PUSHY_TEST_REPORTER=spec (or tap) gives node's own reporters instead.
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {filesUnder} from './lib/files.js'

const only = process.argv.slice(2)
const files = (only.length > 0 ? only : filesUnder('test', '.test.ts', ['fixtures'])).sort()
const reporter = process.env.PUSHY_TEST_REPORTER || fileURLToPath(new URL('test-reporter.js', import.meta.url))
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', `--test-reporter=${reporter}`, ...files], {stdio: 'inherit'})
process.exit(result.status ?? 1)
