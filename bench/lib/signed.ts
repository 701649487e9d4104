// Signed requests from the bench itself (to read what the server did), with pushy's own signing code.
import {request} from 'node:http'
import {readPrivateKey} from '../../src/lib/signing/key.js'
import {signRequest} from '../../src/lib/signing/sign.js'
import type {ServerHandle} from './harness.js'

/** GET `rel` under the org's pushy/ path; resolves with status and body text. */
export function signedGet(server: ServerHandle, rel: string, accept = 'application/json'): Promise<{status: number; text: string}> {
  const url = new URL(`${server.url}/pushy/${rel}`)
  const key = readPrivateKey(server.keyPath)
  const headers = {Accept: accept, ...signRequest({method: 'GET', path: url.pathname, userId: server.userName, key, version: '1.1', serverApiVersion: '1'})}
  return new Promise((resolve, reject) => {
    const req = request(url, {method: 'GET', headers}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString()}))
      res.on('error', reject)
    })
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${rel} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

/** Wall ms of the `job_complete` event of a finished job, from its feed replay (`timestamp`, µs). */
export async function jobCompleteTime(server: ServerHandle, jobId: string): Promise<number> {
  const {status, text} = await signedGet(server, `job_status_feed/${jobId}`, 'text/event-stream')
  if (status !== 200) throw new Error(`job feed of ${jobId}: HTTP ${status}`)
  const match = /event: job_complete\nid: [^\n]*\ndata: ([^\n]*)/.exec(text)
  if (!match) throw new Error(`no job_complete in the feed of ${jobId}: ${text.slice(-300)}`)
  const stamp = String((JSON.parse(match[1]) as {timestamp?: unknown}).timestamp)
  const parts = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6})Z$/.exec(stamp)
  if (!parts) throw new Error(`job_complete timestamp ${stamp} is not in the feed's format`)
  return Date.parse(`${parts[1]}T${parts[2]}Z`) + Number(parts[3]) / 1000
}
