// Real command runs for `exec: true` nodes: a shell child per node, at most `max` at once; the
// rest wait in a queue (their nodes stay `running` meanwhile, as a slow node would).
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export interface ExecSpec {
  commandLine: string
  cwd?: string
  env: Record<string, string>
  capture: boolean
  /** decoded job file: written to a temp file named by CHEF_PUSH_JOB_FILE */
  file?: {name: string; contents: Buffer}
}

export interface ExecResult {
  exitCode: number
  stdout: Buffer
  stderr: Buffer
}

/** Lets the caller drop a queued run or kill a running one; `done` is then never called. */
export interface ExecHandle {
  cancel(): void
}

interface Task {
  spec: ExecSpec
  done: (result: ExecResult) => void
  child?: ChildProcess
  filePath?: string
  cancelled: boolean
}

export class ExecPool {
  private readonly queue: Task[] = []
  private readonly active = new Set<Task>()
  private fileDir: string | undefined

  constructor(private readonly max: number) {}

  run(spec: ExecSpec, done: (result: ExecResult) => void): ExecHandle {
    const task: Task = {spec, done, cancelled: false}
    this.queue.push(task)
    this.pump()
    return {cancel: () => this.cancel(task)}
  }

  /** kills every child and forgets the queue (engine close) */
  close(): void {
    this.queue.length = 0
    for (const task of [...this.active]) this.cancel(task)
    if (this.fileDir) rmSync(this.fileDir, {recursive: true, force: true})
    this.fileDir = undefined
  }

  private pump(): void {
    while (this.active.size < this.max && this.queue.length > 0) this.start(this.queue.shift()!)
  }

  private start(task: Task): void {
    this.active.add(task)
    const {spec} = task
    const env = {...process.env, ...spec.env}
    if (spec.file) {
      this.fileDir ??= mkdtempSync(join(tmpdir(), 'pushy-zero-'))
      task.filePath = join(this.fileDir, spec.file.name)
      writeFileSync(task.filePath, spec.file.contents)
      env.CHEF_PUSH_JOB_FILE = task.filePath
    }
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const output = spec.capture ? 'pipe' : 'ignore'
    // its own process group, so that a kill reaches whatever the shell started too
    const child = spawn(spec.commandLine, {shell: true, cwd: spec.cwd, env, stdio: ['ignore', output, output], detached: process.platform !== 'win32'})
    task.child = child
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
    let settled = false
    const finish = (exitCode: number, extraStderr?: string) => {
      if (settled) return
      settled = true
      this.release(task)
      if (extraStderr) stderr.push(Buffer.from(extraStderr))
      if (!task.cancelled) task.done({exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr)})
    }
    // 'close' (not 'exit') so that all output has been read
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)))
    child.on('error', (error) => finish(127, `${error.message}\n`))
  }

  private release(task: Task): void {
    this.active.delete(task)
    if (task.filePath) rmSync(task.filePath, {force: true})
    task.filePath = undefined
    this.pump()
  }

  private cancel(task: Task): void {
    if (task.cancelled) return
    task.cancelled = true
    const queued = this.queue.indexOf(task)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      return
    }
    const pid = task.child?.pid
    if (pid === undefined || task.child?.exitCode !== null) return
    try {
      if (process.platform === 'win32') task.child.kill('SIGKILL')
      else process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}
