// Flags shared by several commands. Each flag parses its own value (seconds, quorum, KEY=VALUE,
// JSON, a list of states), so a command receives typed values, and a bad value is one `Error:`
// line with exit 2 before anything is sent.
import {Args, Flags} from '@oclif/core'
import {parseJobRef} from '../api/jobs.js'
import {NODE_STATUSES, type NodeStatus} from '../api/types.js'
import {usageError} from '../errors.js'
import {EXIT_CODE_HELP, type ExitCodeValue} from '../exit-codes.js'
import {parseEnvPair, parseWithEnv, type Env, type EnvPair} from '../job/env.js'
import {parseQuorum, type Quorum} from '../job/quorum.js'
import {parseTimeout} from '../job/request.js'
import {JOB_OUTPUT_FORMATS, OUTPUT_FORMATS, type JobOutputFormat} from '../render/output-formats.js'
import {parseAmount, type Amount} from '../rollout/amount.js'
import {PROGRESS_FLAG_VALUES, type ProgressFlag} from './progress-modes.js'
import {parseSeconds} from './seconds.js'

const SERVER = 'SERVER'
const OUTPUT = 'OUTPUT'

/** A positive number of seconds (fractions allowed), parsed into milliseconds. */
export const secondsFlag = Flags.custom<number>({parse: async (input, _context, flag) => parseSeconds(`--${flag.name}`, input)})

/** The same, where 0 means something. */
export const secondsOrZeroFlag = Flags.custom<number>({parse: async (input, _context, flag) => parseSeconds(`--${flag.name}`, input, {allowZero: true})})

/** What `job start` sends with the job, each flag parsed into the value the request takes. */
export const jobFlags = {
  quorum: Flags.custom({
    char: 'q',
    description: 'nodes that must accept: N or N% (of the nodes)',
    parse: async (input: string) => parseQuorum(input),
    default: parseQuorum('100%'),
    defaultHelp: async () => '100%',
  })(),
  timeout: Flags.custom<number>({description: 'run_timeout in seconds (server default 3600)', parse: async (input) => parseTimeout(input)})(),
  capture: Flags.boolean({description: "capture the nodes' stdout/stderr (see `pushy job output`)"}),
  'with-env': Flags.custom({description: 'environment for the command, as a JSON object of strings', parse: async (input: string) => parseWithEnv(input)})(),
  env: Flags.custom({parse: async (input: string) => parseEnvPair(input)})({
    char: 'e',
    description: 'KEY=VALUE for the environment (repeatable; over --with-env)',
    multiple: true,
    required: false,
    multipleNonGreedy: true,
  }),
  'in-dir': Flags.string({description: 'working directory on the nodes'}),
  'as-user': Flags.string({description: 'user to run as on the nodes'}),
  file: Flags.string({description: 'file sent with the job (nodes get its path in CHEF_PUSH_JOB_FILE); at most 100,000 bytes'}),
}

/** Rolling batches (`job start`, `job rerun`): docs/rollouts.md. */
export const rolloutFlags = {
  'batch-size': Flags.custom<Amount>({
    description: 'run in batches of N nodes (or N% of the nodes), one job per batch, each started when the previous one ended',
    parse: async (input, _context, flag) => parseAmount(`--${flag.name}`, input, 1),
  })(),
  'max-failures': Flags.custom<Amount>({
    description: 'with --batch-size: stop starting batches once more than N nodes (or N% of all) failed, crashed or timed out',
    parse: async (input, _context, flag) => parseAmount(`--${flag.name}`, input, 0),
    defaultHelp: async () => '0',
  })(),
  'batch-pause': secondsOrZeroFlag({description: 'with --batch-size: seconds to wait between batches'}),
  'nodes-from': Flags.string({description: 'more target nodes, one name a line, from FILE (- for stdin); blank lines and # comments ignored'}),
}

/** The settings `rolloutFlags` give, as job-start.ts takes them. */
export const rolloutSettings = (flags: {'batch-size'?: Amount; 'max-failures'?: Amount; 'batch-pause'?: number; 'nodes-from'?: string}) => ({
  batchSize: flags['batch-size'],
  maxFailures: flags['max-failures'],
  batchPauseMs: flags['batch-pause'],
  nodesFrom: flags['nodes-from'],
})

/** A comma-separated list of node states (`failed,crashed`). */
export const nodeStatesFlag = Flags.custom<NodeStatus[]>({
  parse: async (input, _context, flag) => {
    const states = input.split(',').map((state) => state.trim())
    const unknown = states.find((state) => !(NODE_STATUSES as readonly string[]).includes(state))
    if (unknown !== undefined) throw usageError(`--${flag.name}: '${unknown}' is not a node state`, `use one or more of ${NODE_STATUSES.join(', ')}, separated by commas`)
    return states as NodeStatus[]
  },
})

/** Flags every server command takes. */
export const serverFlags = {
  'server-url': Flags.string({description: 'Chef server URL including /organizations/ORG (knife chef_server_url)', helpGroup: SERVER}),
  user: Flags.string({char: 'u', description: 'client or user name that signs requests (knife node_name)', helpGroup: SERVER}),
  key: Flags.string({char: 'k', description: 'private key that signs requests (knife client_key)', helpGroup: SERVER}),
  config: Flags.string({char: 'c', description: 'a knife config.rb / knife.rb', helpGroup: SERVER}),
  profile: Flags.string({description: 'credentials profile in ~/.chef/credentials (also CHEF_PROFILE)', helpGroup: SERVER}),
  'local-mode': Flags.boolean({char: 'z', description: 'use the local Push Jobs server (see `pushy zero`)', helpGroup: SERVER}),
  'request-timeout': secondsFlag({description: 'seconds one HTTP request may take (default: knife rest_timeout, else 300)', helpGroup: SERVER}),
  verbose: Flags.boolean({char: 'V', description: 'log each HTTP request and response status to stderr', helpGroup: SERVER}),
}

export const colorFlag = Flags.boolean({description: 'colour on a TTY (default unless NO_COLOR is set)', allowNo: true, helpGroup: OUTPUT})

const sharedOutputFlags = {
  json: Flags.boolean({description: 'same as -F json: stdout holds exactly one JSON document', helpGroup: OUTPUT}),
  color: colorFlag,
  wide: Flags.boolean({description: '-F table: show long values whole instead of shortening them to fit (a terminal too narrow for a row gets one `header: value` record per row)', helpGroup: OUTPUT}),
}

/** For commands that have -F. */
export const outputFlags = {
  format: Flags.option({char: 'F', description: 'output format', options: OUTPUT_FORMATS, helpGroup: OUTPUT})(),
  ...sharedOutputFlags,
}

/** For commands whose result is a job: -F junit too. */
export const jobOutputFlags = {
  format: Flags.option({char: 'F', description: 'output format (junit: JUnit XML for CI systems)', options: JOB_OUTPUT_FORMATS, helpGroup: OUTPUT})(),
  ...sharedOutputFlags,
}

/** For commands whose only structured output is JSON. */
export const jsonOnlyFlags = {
  json: Flags.boolean({description: 'print JSON instead of text', helpGroup: OUTPUT}),
  color: colorFlag,
}

/** How `job start` and `job watch` wait for a job to end. */
export const waitFlags = {
  'poll-interval': Flags.custom<number>({
    description: 'seconds between polls when there is no feed',
    parse: async (input, _context, flag) => parseSeconds(`--${flag.name}`, input),
    default: 1000,
    defaultHelp: async () => '1.0',
  })(),
  feed: Flags.boolean({description: 'follow the event feed (--no-feed: poll)', allowNo: true, default: true}),
  'wait-timeout': secondsFlag({description: 'stop waiting after this many seconds (exit 8; the job keeps running)'}),
  strict: Flags.boolean({description: 'count every node that did not succeed (nacked, unavailable, was_ready) as a failure'}),
  progress: Flags.option({
    description: 'stderr progress: live (a line per node, redrawn; on a TTY), plain (a line per state change), json (an object per line), none; auto: live on a TTY, else plain',
    options: PROGRESS_FLAG_VALUES,
    default: 'auto',
  })(),
}

/** The settings `waitFlags` give, as the waiting code takes them. */
export const waitSettings = (flags: {'poll-interval': number; 'wait-timeout'?: number; feed: boolean; strict: boolean; progress: ProgressFlag}) => ({
  pollIntervalMs: flags['poll-interval'],
  waitTimeoutMs: flags['wait-timeout'],
  useFeed: flags.feed,
  strict: flags.strict,
  progress: flags.progress,
})

/**
 * A command's exit codes as its --help shows them (src/help.ts): all of them, or `codes` only,
 * with meanings that may be worded for the command.
 */
export function exitCodes(codes?: readonly ExitCodeValue[], meanings: Partial<Record<ExitCodeValue, string>> = {}): Array<[string, string]> {
  return EXIT_CODE_HELP.filter(([code]) => codes === undefined || codes.includes(code)).map(([code, meaning]) => [String(code), meanings[code] ?? meaning])
}

/** -F / --json / --wide, as the renderers take them. */
export function chosenOutput<F extends JobOutputFormat>(flags: {format?: F; json?: boolean; wide?: boolean}): {format: F | 'json' | 'summary'; wide: boolean} {
  return {format: flags.json ? 'json' : (flags.format ?? 'summary'), wide: flags.wide ?? false}
}

/** A job id, or `last`. */
export const jobRefArg = Args.custom({parse: async (input: string) => parseJobRef(input)})

/** How `job start` and `job rerun` end: at once with the id, or without starting anything. */
export const launchFlags = {
  nowait: Flags.boolean({char: 'b', description: 'print the job id on stdout once the job is created, and exit 0'}),
  'dry-run': Flags.boolean({description: 'resolve the nodes, check availability and the quorum, send nothing'}),
}

/** The values `job start` and `job rerun` share (jobFlags, launchFlags, output, wait and rollout flags), as the use cases take them. */
export const jobStartSettings = (
  flags: {
    quorum: Quorum
    timeout?: number
    capture: boolean
    'with-env'?: Env
    env?: EnvPair[]
    'in-dir'?: string
    'as-user'?: string
    file?: string
    nowait: boolean
    'dry-run': boolean
    format?: JobOutputFormat
    json: boolean
    wide: boolean
  } & Parameters<typeof waitSettings>[0] &
    Parameters<typeof rolloutSettings>[0],
) => ({
  quorum: flags.quorum,
  timeout: flags.timeout,
  capture: flags.capture,
  withEnv: flags['with-env'],
  envPairs: flags.env,
  dir: flags['in-dir'],
  user: flags['as-user'],
  file: flags.file,
  output: chosenOutput(flags),
  nowait: flags.nowait,
  dryRun: flags['dry-run'],
  ...waitSettings(flags),
  ...rolloutSettings(flags),
})
