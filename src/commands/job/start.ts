import {Args, Flags} from '@oclif/core'
import {PushyCommand} from '../../lib/cli/base-command.js'
import {chosenFormat, describe, outputFlags, serverFlags, waitFlags} from '../../lib/cli/flags.js'
import {ExitCode} from '../../lib/exit-codes.js'

export default class JobStart extends PushyCommand {
  static override summary = 'Start a job on nodes, follow it and report the result'
  static override description = describe(
    'Starts COMMAND (a whitelisted job name on the nodes) on the named nodes and/or the nodes a Chef search finds, ' +
      "follows the server's event feed (or polls a Push Jobs 1.x server), shows progress on stderr and prints the final job " +
      "on stdout in knife's format. --dry-run resolves the nodes and checks availability and the quorum without starting anything " +
      '(exit 0 if the quorum would be met, 3 if not).',
  )
  static override examples = [
    '<%= config.bin %> job start --quorum 90% chef-client --search role:webapp',
    '<%= config.bin %> job start chef-client web-01 web-02 --capture --json',
    'id=$(<%= config.bin %> job start --nowait chef-client --search "chef_environment:prod AND name:web*")',
    '<%= config.bin %> job start -z --quorum 90% chef-client --search role:webapp',
  ]
  static override strict = false
  static override args = {
    command: Args.string({description: 'job name, as whitelisted on the nodes (e.g. chef-client)', required: true}),
    nodes: Args.string({description: 'node names (any number)', required: false}),
  }
  static override flags = {
    ...serverFlags,
    ...outputFlags,
    search: Flags.string({char: 's', description: 'Chef search query on the node index; every page is read'}),
    quorum: Flags.string({char: 'q', description: 'nodes that must accept: N or N% (of the nodes)', default: '100%'}),
    timeout: Flags.string({description: 'run_timeout in seconds (server default 3600)'}),
    capture: Flags.boolean({description: "capture the nodes' stdout/stderr (see `pushy job output`)"}),
    'with-env': Flags.string({description: 'environment for the command, as a JSON object of strings'}),
    env: Flags.string({char: 'e', description: 'KEY=VALUE for the environment (repeatable; over --with-env)', multiple: true, multipleNonGreedy: true}),
    'in-dir': Flags.string({description: 'working directory on the nodes'}),
    'as-user': Flags.string({description: 'user to run as on the nodes'}),
    file: Flags.string({description: 'file sent with the job (nodes get its path in CHEF_PUSH_JOB_FILE); at most 100,000 bytes'}),
    nowait: Flags.boolean({char: 'b', description: 'print the job id on stdout once the job is created, and exit 0'}),
    ...waitFlags,
    'dry-run': Flags.boolean({description: 'resolve the nodes, check availability and the quorum, send nothing'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(JobStart)
    const io = this.setupIo(flags)
    const [command, ...named] = argv as string[]
    const [{prepareJobStart}, {readJobFile}, {waitSettings}] = await Promise.all([
      import('../../lib/job/prepare.js'),
      import('../../lib/cli/read-file.js'),
      import('../../lib/cli/watch-job.js'),
    ])

    // Everything the user typed is checked before the first request.
    const prepared = prepareJobStart({
      command,
      named,
      quorum: flags.quorum,
      searching: flags.search !== undefined,
      timeout: flags.timeout,
      capture: flags.capture,
      withEnv: flags['with-env'],
      envPairs: flags.env,
      dir: flags['in-dir'],
      user: flags['as-user'],
      file: flags.file === undefined ? undefined : readJobFile(flags.file),
    })
    const wait = waitSettings(flags)
    const format = chosenFormat(flags)

    const {openContext} = await import('../../lib/cli/context.js')
    let localServerStops = false
    const {client} = await openContext(flags, io, (fn) => {
      localServerStops = flags['local-mode']
      this.onCleanup(fn)
    })
    const {searchNodeNames} = await import('../../lib/api/search.js')
    const searched = flags.search === undefined ? undefined : await searchNodeNames(client, flags.search)
    const {request, warning} = prepared.build(searched)
    if (warning) io.err(`Warning: ${warning}\n`)

    if (flags['dry-run']) {
      const {dryRun} = await import('../../lib/cli/dry-run.js')
      await this.done(await dryRun(client, request, io, format))
    }

    const [{startJob}, {explainPostError}] = await Promise.all([import('../../lib/api/jobs.js'), import('../../lib/job/v1-fallback.js')])
    const job = await startJob(client, request).catch((error: unknown) => {
      throw explainPostError(error, request)
    })

    const {startedLine} = await import('../../lib/render/progress.js')
    if (flags.nowait) {
      io.err(`${startedLine(job.id)}\n`)
      if (localServerStops) io.err('Warning: the local server stops with this command, so the job will end as crashed. Run `pushy zero` in another terminal for jobs that outlive the command.\n')
      io.out(`${job.id}\n`)
      await this.done(ExitCode.Ok)
    }

    const {watchJob} = await import('../../lib/cli/watch-job.js')
    const code = await watchJob({client, jobId: job.id, io, verbose: this.verbose, format, ...wait, firstLine: startedLine(job.id)})
    await this.done(code)
  }
}
