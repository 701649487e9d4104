// Event sequences and job bodies shaped like the server's.
import type {Job} from '../../../src/lib/api/types.js'
import {sse} from './sse-server.js'

export const JOB_ID = 'a2b87f87052d213c0703eadb21bdf20e'
export const FEED_PATH = `pushy/job_status_feed/${JOB_ID}`
export const JOB_PATH = `pushy/jobs/${JOB_ID}`

/** A successful two-node job, event by event, ids job-1 … job-9. */
export const SUCCESS = [
  sse('start', 'job-1', {command: 'chef-client', run_timeout: 3600, quorum: 2, node_count: 2, user: 'pivotal', capture: false}),
  sse('quorum_vote', 'job-2', {node: 'web-1', status: 'success'}),
  sse('quorum_vote', 'job-3', {node: 'web-2', status: 'success'}),
  sse('quorum_succeeded', 'job-4', {}),
  sse('run_start', 'job-5', {node: 'web-1'}),
  sse('run_start', 'job-6', {node: 'web-2'}),
  sse('run_complete', 'job-7', {node: 'web-2', status: 'success'}),
  sse('run_complete', 'job-8', {node: 'web-1', status: 'failure'}),
  sse('job_complete', 'job-9', {status: 'complete'}),
]

export const job = (status: Job['status'], nodes: Job['nodes']): Job => ({
  id: JOB_ID,
  command: 'chef-client',
  status,
  run_timeout: 3600,
  created_at: 'Thu, 21 May 2020 13:14:32 GMT',
  updated_at: 'Thu, 21 May 2020 13:14:40 GMT',
  nodes,
})

export const FINISHED = job('complete', {succeeded: ['web-2'], failed: ['web-1']})

/** The transitions SUCCESS causes, each once. */
export const SUCCESS_TRANSITIONS = [
  'web-1 new→ready',
  'web-2 new→ready',
  'web-1 ready→running',
  'web-2 ready→running',
  'web-2 running→succeeded',
  'web-1 running→failed',
]
