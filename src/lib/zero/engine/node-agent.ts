// A simulated push-jobs client for one fleet node: it answers commits and runs the way the
// fleet file says, on its own (agents do not know about each other or about the job's state).
import type {FleetNode} from '../types.js'
import type {ExecPool} from './exec.js'

/** What a node can send the job. */
export type NodeMessage = 'ack_commit' | 'nack_commit' | 'ack_run' | 'succeeded' | 'failed' | 'down'

export interface NodeOutput {
  stdout: Buffer
  stderr: Buffer
}

/** The job as the `commit` and `run` messages describe it to a node. */
export interface JobContext {
  id: string
  command: string
  user?: string
  dir?: string
  /** whether `dir` exists on this machine (checked once per job: every node is this machine) */
  dirExists: boolean
  env?: Record<string, string>
  file?: Buffer
  capture: boolean
  /** delivered to the job asynchronously, in order */
  send(node: string, message: NodeMessage, output?: NodeOutput): void
}

export class NodeAgent {
  /** the job this node committed to; undefined = idle */
  private job: JobContext | undefined
  private stopRun: (() => void) | undefined

  constructor(
    readonly node: FleetNode,
    private readonly pool: ExecPool,
    private readonly osUser: string,
  ) {}

  get online(): boolean {
    return this.node.online
  }

  /** `commit`: ack only when idle, willing, whitelisted, and user and dir are valid here */
  commit(job: JobContext): void {
    const {node} = this
    if (node.vote === 'ignore') return
    const willing = node.vote === 'ack' && this.job === undefined
    const valid = Object.hasOwn(node.whitelist, job.command) && (job.user === undefined || job.user === this.osUser) && job.dirExists
    if (willing && valid) this.job = job
    job.send(node.name, willing && valid ? 'ack_commit' : 'nack_commit')
  }

  /**
   * `run` for the job this node committed to. `delay_ms` passes first: the whole of a simulated
   * run, the wait before a real command starts. Then the fleet's `run` decides what is reported.
   */
  run(job: JobContext): void {
    const {node} = this
    job.send(node.name, 'ack_run')
    const timer = setTimeout(() => (node.exec ? this.execute(job) : this.report(job, outcome(node.run), syntheticOutput(job, node))), node.delayMs)
    this.stopRun = () => clearTimeout(timer)
  }

  /** `abort` (rehab): drop whatever this node does for that job and become idle */
  abort(jobId: string): void {
    if (this.job?.id === jobId) this.reset()
  }

  private execute(job: JobContext): void {
    const handle = this.pool.run(this.execSpec(job), (result) => this.report(job, outcome(this.node.run, result.exitCode), result))
    this.stopRun = () => handle.cancel()
  }

  /** `hang` reports nothing: the node stays running until the run timeout */
  private report(job: JobContext, message: NodeMessage | undefined, output: NodeOutput): void {
    if (message === undefined) return
    this.reset()
    job.send(this.node.name, message, job.capture ? output : undefined)
  }

  private reset(): void {
    this.stopRun?.()
    this.stopRun = undefined
    this.job = undefined
  }

  private execSpec(job: JobContext) {
    const env = {...job.env, CHEF_PUSH_NODE_NAME: this.node.name, CHEF_PUSH_JOB_ID: job.id}
    return {
      commandLine: this.node.whitelist[job.command],
      cwd: job.dir,
      env,
      capture: job.capture,
      file: job.file && {name: `${job.id}-${this.node.name}`, contents: job.file},
    }
  }
}

/**
 * What a node reports once its run is over. Only `succeed` lets a real command's exit status
 * decide; `fail` fails and `crash` goes down whatever the command did.
 */
function outcome(run: FleetNode['run'], exitCode = 0): NodeMessage | undefined {
  switch (run) {
    case 'succeed': {
      return exitCode === 0 ? 'succeeded' : 'failed'
    }

    case 'fail': {
      return 'failed'
    }

    case 'crash': {
      return 'down'
    }

    case 'hang': {
      return undefined
    }
  }
}

function syntheticOutput(job: JobContext, node: FleetNode): NodeOutput {
  return {
    stdout: Buffer.from(`${node.name}: simulated run of '${job.command}' (${node.whitelist[job.command]})\n`),
    stderr: Buffer.from(node.run === 'fail' ? `${node.name}: simulated failure\n` : ''),
  }
}
