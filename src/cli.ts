// What bin/run.js needs from oclif, taken from the bundle so that the runner and the commands share
// one copy of @oclif/core (a second copy would break its instanceof checks, e.g. on ExitError).
export {Config, execute} from '@oclif/core'
