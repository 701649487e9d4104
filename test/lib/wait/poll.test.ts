import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job} from '../../../src/lib/api/types.js'
import {PushyError} from '../../../src/lib/errors.js'
import {pollJob} from '../../../src/lib/wait/poll.js'
import {backoffDelay} from '../../../src/lib/backoff.js'
import type {Sleep} from '../../../src/lib/wait/timing.js'
import {job, JOB_PATH} from './events.js'

/** A client whose GETs answer from a list (Errors are thrown), recording the paths asked for. */
function scriptedGets(answers: Array<Job | PushyError>): {client: {get<T>(path: string): Promise<T>}; paths: string[]} {
  const paths: string[] = []
  return {
    paths,
    client: {
      async get<T>(path: string): Promise<T> {
        paths.push(path)
        const answer = answers[Math.min(paths.length - 1, answers.length - 1)]!
        if (answer instanceof PushyError) throw answer
        return answer as T
      },
    },
  }
}

function recordingSleep(): {sleep: Sleep; waits: number[]} {
  const waits: number[] = []
  return {waits, sleep: async (ms) => void waits.push(ms)}
}

const serverError = (status: number): PushyError => new PushyError(`HTTP ${status}`, 7, {status})

describe('pollJob', () => {
  it('GETs at once, then every interval until a terminal status', async () => {
    const {client, paths} = scriptedGets([job('voting', {new: ['a']}), job('running', {running: ['a']}), job('complete', {succeeded: ['a']})])
    const {sleep, waits} = recordingSleep()
    const seen: string[] = []
    const final = await pollJob({client, jobId: job('new', {}).id, intervalMs: 1000, sleep, onJob: (j) => seen.push(j.status)})
    assert.equal(final?.status, 'complete')
    assert.deepEqual(seen, ['voting', 'running', 'complete'])
    assert.deepEqual(waits, [1000, 1000])
    assert.deepEqual(paths, [JOB_PATH, JOB_PATH, JOB_PATH])
  })

  it('backs off exponentially on 5xx, capped, then polls at the interval again', async () => {
    const {client} = scriptedGets([serverError(503), serverError(502), serverError(500), serverError(503), job('running', {}), job('timed_out', {})])
    const {sleep, waits} = recordingSleep()
    const final = await pollJob({client, jobId: 'x', intervalMs: 100, sleep, maxBackoffMs: 500, random: () => 1})
    assert.equal(final?.status, 'timed_out')
    assert.deepEqual(waits, [200, 400, 500, 500, 100])
  })

  it('gives up after too many consecutive server errors, with the last one', async () => {
    const last = serverError(504)
    const {client, paths} = scriptedGets([serverError(503), serverError(503), last])
    const {sleep} = recordingSleep()
    await assert.rejects(pollJob({client, jobId: 'x', intervalMs: 10, sleep, maxConsecutiveErrors: 2}), (error) => error === last)
    assert.equal(paths.length, 3)
  })

  it('ends at once on a client error (404: unknown job)', async () => {
    const notFound = new PushyError('HTTP 404', 6, {status: 404})
    const {client, paths} = scriptedGets([notFound])
    // The 404 names the job, as `job status` does (api/jobs.ts decides what a 404 means)
    await assert.rejects(pollJob({client, jobId: 'x', intervalMs: 10, sleep: recordingSleep().sleep}), (error: PushyError) => error.exitCode === 6 && error.message === 'job x not found on this server')
    assert.equal(paths.length, 1)
  })

  it('returns undefined when aborted while waiting', async () => {
    const controller = new AbortController()
    const {client} = scriptedGets([job('running', {})])
    const sleep: Sleep = async () => controller.abort()
    assert.equal(await pollJob({client, jobId: 'x', intervalMs: 10, sleep, signal: controller.signal}), undefined)
  })
})

describe('backoffDelay', () => {
  it('doubles from the base, caps, and jitters between half and all of it', () => {
    const policy = {baseMs: 100, maxMs: 1000}
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 1)),
      [100, 200, 400, 800, 1000, 1000],
    )
    assert.equal(backoffDelay(2, policy, () => 0), 200)
  })
})
