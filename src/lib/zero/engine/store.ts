// The state directory: jobs (record + node statuses), their events and captured output survive
// the engine, so a later `pushy job … -z` sees them. Layout:
//   jobs/ID.json          {record, nodes: {NODE: STATUS}}   rewritten on job status changes, debounced otherwise
//   jobs/ID.events.json   [event…]                          on job status changes and at close
//   output/ID.ndjson      {"node","stdout","stderr"} lines  appended (base64) as nodes finish
import {appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {NodeStatus} from '../../api/types.js'
import type {JobRecord, JobRun} from './job.js'
import type {NodeOutput} from './node-agent.js'
import {rfc1123} from './time.js'

export interface StoredJob {
  record: JobRecord
  nodes: Map<string, NodeStatus>
}

/** node transitions of a big job are written at most this often */
const DEBOUNCE_MS = 250

export class Store {
  private readonly dirty = new Set<JobRun>()
  private timer: NodeJS.Timeout | undefined
  private cached: {id: string; outputs: Map<string, NodeOutput>} | undefined

  constructor(private readonly dir: string | undefined) {
    if (dir) {
      mkdirSync(join(dir, 'jobs'), {recursive: true})
      mkdirSync(join(dir, 'output'), {recursive: true})
    }
  }

  get persistent(): boolean {
    return this.dir !== undefined
  }

  /**
   * Every stored job, oldest first. Jobs that were live when their engine went away are marked
   * `crashed` (and their running nodes too), as the real server does on restart.
   */
  load(now: Date): StoredJob[] {
    if (!this.dir) return []
    const jobs: StoredJob[] = []
    for (const name of readdirSync(join(this.dir, 'jobs'))) {
      if (!/^[0-9a-f]{32}\.json$/.test(name)) continue
      const raw = readJson(join(this.dir, 'jobs', name)) as {record: JobRecord; nodes: Record<string, NodeStatus>} | undefined
      // a file damaged outside pushy must not make every later `-z` command fail: it is left out
      if (raw?.record === undefined || raw.nodes === undefined) continue
      const job = {record: raw.record, nodes: new Map(Object.entries(raw.nodes))}
      if (['new', 'voting', 'running'].includes(job.record.status)) {
        job.record.status = 'crashed'
        job.record.updatedAt = rfc1123(now)
        for (const [node, status] of job.nodes) if (status === 'running') job.nodes.set(node, 'crashed')
        this.writeJob(job)
      }
      jobs.push(job)
    }
    // created_at has second precision only; the file's order breaks ties arbitrarily but stably
    return jobs.sort((a, b) => Date.parse(a.record.createdAt) - Date.parse(b.record.createdAt))
  }

  /** `now` for job status changes; otherwise coalesced into one write per job per DEBOUNCE_MS */
  save(job: JobRun, now: boolean): void {
    if (!this.dir) return
    if (!now) {
      this.dirty.add(job)
      this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS)
      return
    }
    this.dirty.delete(job)
    this.write(job, true)
  }

  /** writes every pending job, with its events (engine close) */
  flush(withEvents = false): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const jobs = [...this.dirty]
    this.dirty.clear()
    for (const job of jobs) this.write(job, withEvents)
  }

  closeWith(liveJobs: Iterable<JobRun>): void {
    if (!this.dir) return
    for (const job of liveJobs) this.dirty.add(job)
    this.flush(true)
  }

  readOutput(jobId: string, node: string): NodeOutput | undefined {
    if (!this.dir) return undefined
    if (this.cached?.id !== jobId) {
      const path = join(this.dir, 'output', `${jobId}.ndjson`)
      const outputs = new Map<string, NodeOutput>()
      if (existsSync(path)) {
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (!line) continue
          const entry = JSON.parse(line) as {node: string; stdout: string; stderr: string}
          outputs.set(entry.node, {stdout: Buffer.from(entry.stdout, 'base64'), stderr: Buffer.from(entry.stderr, 'base64')})
        }
      }
      this.cached = {id: jobId, outputs}
    }
    return this.cached.outputs.get(node)
  }

  private write(job: JobRun, withEvents: boolean): void {
    const dir = this.dir!
    this.writeJob(job)
    if (withEvents && job.log.events) atomicWrite(join(dir, 'jobs', `${job.id}.events.json`), JSON.stringify(job.log.events))
    if (job.unsavedOutputs.length > 0) {
      const lines = job.unsavedOutputs.map((node) => {
        const output = job.outputs.get(node)!
        return `${JSON.stringify({node, stdout: output.stdout.toString('base64'), stderr: output.stderr.toString('base64')})}\n`
      })
      job.unsavedOutputs = []
      appendFileSync(join(dir, 'output', `${job.id}.ndjson`), lines.join(''))
    }
  }

  private writeJob(job: StoredJob): void {
    atomicWrite(join(this.dir!, 'jobs', `${job.record.id}.json`), JSON.stringify({record: job.record, nodes: Object.fromEntries(job.nodes)}))
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

/** a reader never sees a half-written file */
function atomicWrite(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
}
