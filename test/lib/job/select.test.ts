import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job} from '../../../src/lib/api/types.js'
import {selectJobs} from '../../../src/lib/job/select.js'

const job = (id: string, status: Job['status'], created: string): Job =>
  ({id, command: 'c', status, run_timeout: 3600, created_at: created, updated_at: created}) as Job

describe('selectJobs', () => {
  const jobs = [
    job('a', 'complete', 'Thu, 21 May 2020 13:14:32 GMT'),
    job('b', 'running', 'Fri, 22 May 2020 09:00:00 GMT'),
    job('c', 'quorum_failed', 'Wed, 20 May 2020 10:00:00 GMT'),
    job('d', 'complete', 'Fri, 22 May 2020 09:00:00 GMT'),
  ]

  // within a second, later in the server's list is newer (it was: the server's order kept, which
  // made `last` name the older of two jobs started in the same second)
  it('sorts newest first; within a second, later in the server list first', () => {
    assert.deepEqual(selectJobs(jobs, {}).map((j) => j.id), ['d', 'b', 'a', 'c'])
  })

  it('filters by status and limits after sorting', () => {
    assert.deepEqual(selectJobs(jobs, {status: 'complete'}).map((j) => j.id), ['d', 'a'])
    assert.deepEqual(selectJobs(jobs, {limit: 1}).map((j) => j.id), ['d'])
  })
})
