// Shapes of what the Push Jobs server sends (the job, node-state and event shapes).

export const JOB_STATUSES = ['new', 'voting', 'running', 'complete', 'quorum_failed', 'crashed', 'aborted', 'timed_out'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['complete', 'quorum_failed', 'crashed', 'aborted', 'timed_out']

export const NODE_STATUSES = ['new', 'ready', 'running', 'succeeded', 'failed', 'aborted', 'unavailable', 'nacked', 'crashed', 'was_ready', 'timed_out'] as const
export type NodeStatus = (typeof NODE_STATUSES)[number]

/** Node states in which a node has not finished yet: every other state is final. */
export const IN_PROGRESS_NODE_STATUSES: readonly NodeStatus[] = ['new', 'ready', 'running']

/** GET jobs/ID. `nodes` groups node names by their status in this job. */
export interface Job {
  nodes?: Partial<Record<NodeStatus, string[]>>
  id: string
  command: string
  status: JobStatus
  run_timeout: number
  created_at: string
  updated_at: string
  user?: string
  dir?: string
  env?: Record<string, string>
  capture_output?: true
  file_specified?: true
  file?: string
}

/** POST jobs body. Optional keys only when given, so a 1.x server accepts a plain job. */
export interface JobRequest {
  command: string
  nodes: string[]
  quorum?: number
  run_timeout?: number
  capture_output?: boolean
  env?: Record<string, string>
  dir?: string
  user?: string
  file?: string
}

/** GET node_states (online nodes only). */
export interface NodeStateListEntry {
  node_name: string
  availability: 'available' | 'unavailable'
}

/** GET node_states/NODE (never 404: unknown nodes are offline/unavailable). */
export interface NodeState extends NodeStateListEntry {
  status: 'online' | 'offline'
}

/** One server-sent event as it arrived. `data` is the parsed JSON (first key `timestamp`). */
export interface FeedEvent {
  event: string
  id: string
  data: Record<string, unknown> & {timestamp: string}
}
