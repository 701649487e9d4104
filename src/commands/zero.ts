import {Flags} from '@oclif/core'
import {PushyCommand} from '../lib/cli/base-command.js'
import {describe} from '../lib/cli/flags.js'
import {ExitCode} from '../lib/exit-codes.js'
import {knifeConfigLines, requestLine, startLines} from '../lib/zero/announce.js'

const seconds = (description: string, defaultValue: number) => Flags.string({description: `${description} (seconds, default ${defaultValue})`})

export default class Zero extends PushyCommand {
  static override summary = 'Run the local Push Jobs server in the foreground'
  static override description = describe(
    "pushy's chef-zero: a Push Jobs 2.x server with node search on 127.0.0.1, running a fleet of nodes described in YAML " +
      '(a built-in fleet of ten webapp and two db nodes when none is given). Whitelisted commands run for real on this machine. ' +
      'It prints the three knife config lines that point any client at it, then serves until interrupted. ' +
      'While it runs, `-z` commands with the same state directory use it. The fleet file is described in docs/local-mode.md.',
  )
  static override examples = ['<%= config.bin %> zero', '<%= config.bin %> zero --port 9999 --fleet fleet.yml --state-dir /tmp/pushy']
  static override flags = {
    port: Flags.integer({description: 'port on 127.0.0.1 (0: any free port)', default: 8889, min: 0, max: 65_535}),
    fleet: Flags.string({description: 'fleet file (YAML); also PUSHY_ZERO_FLEET'}),
    'state-dir': Flags.string({description: 'where jobs, outputs and the client key are kept (default ~/.pushy/zero; also PUSHY_ZERO_STATE_DIR)'}),
    org: Flags.string({description: 'organization name', default: 'pushy'}),
    'voting-timeout': seconds('how long nodes may take to vote', 60),
    keepalive: seconds('idle time before a feed keep-alive', 15),
    'complete-wait': seconds('how long a finished job replays its feed', 5),
    verbose: Flags.boolean({char: 'V', description: 'log each request to stderr, one line each'}),
    'push-version': Flags.string({description: 'behave as a Push Jobs 1.x server (1) or 2.x (2)', options: ['1', '2'], default: '2', hidden: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Zero)
    const io = this.setupIo({verbose: flags.verbose})
    const {zeroOptionsFromEnv, parseSeconds} = await import('../lib/cli/local-mode.js')
    const fromEnv = zeroOptionsFromEnv(process.env)
    const {startZeroServer} = await import('../lib/zero/server.js')
    const fleetFile = flags.fleet ?? (typeof fromEnv.fleet === 'string' ? fromEnv.fleet : undefined)
    const stateDir = flags['state-dir'] ?? fromEnv.stateDir
    const server = await startZeroServer({
      port: flags.port,
      org: flags.org,
      stateDir,
      fleet: fleetFile,
      pushVersion: flags['push-version'] === '1' ? 1 : 2,
      timings: {
        ...fromEnv.timings,
        ...(flags['voting-timeout'] === undefined ? {} : {votingTimeoutMs: parseSeconds('--voting-timeout', flags['voting-timeout'])}),
        ...(flags.keepalive === undefined ? {} : {keepaliveMs: parseSeconds('--keepalive', flags.keepalive)}),
        ...(flags['complete-wait'] === undefined ? {} : {completeWaitMs: parseSeconds('--complete-wait', flags['complete-wait'])}),
      },
      ...(flags.verbose ? {onRequest: (entry) => io.err(requestLine(entry))} : {}),
    })
    this.onCleanup(() => server.close())
    io.out(knifeConfigLines(server))
    io.err(startLines(server, fleetFile, stateDir))
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await this.done(ExitCode.Ok)
  }
}
