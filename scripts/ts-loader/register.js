// `node --import ./scripts/ts-loader/register.js file.ts`: runs the project's TypeScript (tests,
// their helpers and src/) without tsx. tsx costs ~0.4 s of CPU in every process it starts (it
// loads esbuild and its own hooks), and the test suite starts about a hundred processes; this
// loader reads what scripts/ts-loader/compile.js wrote before the run and costs ~0.07 s.
import {register} from 'node:module'

// the compiled modules carry inline source maps: stack traces and test locations name .ts lines
process.setSourceMapsEnabled(true)
register('./hooks.js', import.meta.url)
