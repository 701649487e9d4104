import {Flags} from '@oclif/core'
import {PushyCommand} from '../lib/cli/base-command.js'
import {exitCodes, secondsOrZeroFlag} from '../lib/cli/flags.js'
import {ExitCode, type ExitCodeValue} from '../lib/exit-codes.js'

const seconds = (description: string, defaultValue: number) => secondsOrZeroFlag({description: `${description} (seconds, default ${defaultValue})`})

export default class Zero extends PushyCommand {
  static override summary = 'Run the local Push Jobs server in the foreground'
  static override description =
    "pushy's chef-zero: a Push Jobs 2.x server with node search on 127.0.0.1, running a fleet of nodes described in YAML " +
      '(a built-in fleet of ten webapp and two db nodes when none is given). Whitelisted commands run for real on this machine. ' +
      'It prints the three knife config lines that point any client at it, then serves until interrupted. ' +
    'While it runs, `-z` commands with the same state directory use it. The fleet file is described in docs/local-mode.md.'
  static exitCodes = exitCodes([ExitCode.Ok, ExitCode.Usage, ExitCode.Internal], {
    [ExitCode.Ok]: 'stopped with Ctrl-C (or SIGTERM)',
    [ExitCode.Usage]: 'bad flag or fleet file, or the port is in use',
  })
  static override examples = ['<%= config.bin %> zero', '<%= config.bin %> zero --port 9999 --fleet fleet.yml --state-dir /tmp/pushy']
  static override flags = {
    port: Flags.integer({description: 'port on 127.0.0.1 (0: any free port)', default: 8889, min: 0, max: 65_535}),
    fleet: Flags.string({description: 'fleet file (YAML); also PUSHY_ZERO_FLEET'}),
    'state-dir': Flags.string({description: 'where jobs, outputs and the client key are kept (default ~/.pushy/zero; also PUSHY_ZERO_STATE_DIR)'}),
    org: Flags.string({description: 'organization name', default: 'pushy'}),
    'voting-timeout': seconds('how long nodes may take to vote', 60),
    keepalive: seconds('idle time before a feed keep-alive', 15),
    'complete-wait': seconds('how long a finished job replays its feed', 5),
    'push-version': Flags.string({description: 'behave as a Push Jobs 1.x server (1) or 2.x (2)', options: ['1', '2'], default: '2', hidden: true}),
    verbose: Flags.boolean({char: 'V', description: 'log each request to stderr, one line each'}),
  }

  async run(): Promise<ExitCodeValue> {
    const {flags} = await this.parse(Zero)
    const {serveZero} = await import('../lib/cli/zero.js')
    return serveZero(this.session(), {
      port: flags.port,
      org: flags.org,
      stateDir: flags['state-dir'],
      fleet: flags.fleet,
      pushVersion: flags['push-version'] === '1' ? 1 : 2,
      timings: {votingTimeoutMs: flags['voting-timeout'], keepaliveMs: flags.keepalive, completeWaitMs: flags['complete-wait']},
    })
  }
}
