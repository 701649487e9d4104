// Runs every test/**/*.test.ts (or the files given) with node's own test runner, reported by
// scripts/test-reporter.js: dots, then each failure in full, then the `N passed, N failed` line CI
// reads. The TypeScript is compiled once, up front, for all test processes (scripts/ts-loader/).
// Node 20's --test does not expand globs, so the file list is built here. PUSHY_TEST_REPORTER=spec
// (or tap) gives node's own reporters instead.
import {spawnSync} from 'node:child_process'
import {resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {filesUnder} from './lib/files.js'
import {compileAll} from './ts-loader/compile.js'

const only = process.argv.slice(2)
const files = (only.length > 0 ? only : filesUnder('test', '.test.ts', ['fixtures'])).sort()
await compileAll(['src', 'test'].flatMap((dir) => filesUnder(dir, '.ts')).map((file) => resolve(file)))
const reporter = process.env.PUSHY_TEST_REPORTER || fileURLToPath(new URL('test-reporter.js', import.meta.url))
const loader = fileURLToPath(new URL('ts-loader/register.js', import.meta.url))
const result = spawnSync(process.execPath, ['--import', loader, '--test', '--test-concurrency=3', `--test-reporter=${reporter}`, ...files], {stdio: 'inherit'})
process.exit(result.status ?? 1)
