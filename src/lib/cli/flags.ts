import {Flags} from '@oclif/core'
import {EXIT_CODE_HELP} from '../exit-codes.js'
import {OUTPUT_FORMATS, type OutputFormat} from '../render/output-formats.js'

const SERVER = 'SERVER'
const OUTPUT = 'OUTPUT'

/** Flags every server command takes (cli.md "Flags every server command takes"). */
export const serverFlags = {
  'server-url': Flags.string({description: 'Chef server URL including /organizations/ORG (knife chef_server_url)', helpGroup: SERVER}),
  user: Flags.string({char: 'u', description: 'client or user name that signs requests (knife node_name)', helpGroup: SERVER}),
  key: Flags.string({char: 'k', description: 'private key that signs requests (knife client_key)', helpGroup: SERVER}),
  config: Flags.string({char: 'c', description: 'a knife config.rb / knife.rb', helpGroup: SERVER}),
  profile: Flags.string({description: 'credentials profile in ~/.chef/credentials (also CHEF_PROFILE)', helpGroup: SERVER}),
  'local-mode': Flags.boolean({char: 'z', description: 'use the local Push Jobs server (see `pushy zero`)', helpGroup: SERVER}),
  verbose: Flags.boolean({char: 'V', description: 'log each HTTP request and response status to stderr', helpGroup: SERVER}),
}

export const outputFlags = {
  format: Flags.string({char: 'F', description: 'output format', options: [...OUTPUT_FORMATS], helpGroup: OUTPUT}),
  json: Flags.boolean({description: 'same as -F json: stdout holds exactly one JSON document', helpGroup: OUTPUT}),
  color: Flags.boolean({description: 'colour on a TTY (default unless NO_COLOR is set)', allowNo: true, helpGroup: OUTPUT}),
}

/** How `job start` and `job watch` wait for a job to end. */
export const waitFlags = {
  'poll-interval': Flags.string({description: 'seconds between polls when there is no feed', default: '1.0'}),
  feed: Flags.boolean({description: 'follow the event feed (--no-feed: poll)', allowNo: true, default: true}),
  'wait-timeout': Flags.string({description: 'stop waiting after this many seconds (exit 8; the job keeps running)'}),
  strict: Flags.boolean({description: 'count every node that did not succeed (nacked, unavailable, was_ready) as a failure'}),
}

/** Appended to every command's description so `--help` documents the exit codes. */
export const EXIT_CODES_TEXT =
  'EXIT CODES\n' + EXIT_CODE_HELP.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`).join('\n')

export const describe = (text: string): string => `${text}\n\n${EXIT_CODES_TEXT}`

export function chosenFormat(flags: {format?: string; json?: boolean}, fallback: OutputFormat = 'summary'): OutputFormat {
  if (flags.json) return 'json'
  return (flags.format as OutputFormat | undefined) ?? fallback
}
