// A streamed response's body (the event feed) as a web ReadableStream, read straight off got's
// stream. Readable.toWeb did the same with more machinery; the feed reconnects for every job of a
// rollout, so what it costs to open and close one counts.
import type {Readable} from 'node:stream'

/**
 * The body of `request`, pulled on demand (got's stream pauses while the reader lags). It ends
 * with the response, errors with the response's error, and a request destroyed without an error
 * (a caller that closed the feed) errors it with `reason()`. Cancelling it destroys the request.
 */
export function webBody(request: Readable, reason: () => unknown): ReadableStream<Uint8Array> {
  // once ended, errored or cancelled, nothing more reaches the controller (it would throw)
  let settled = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Node hands each socket read its own Buffer (a Uint8Array): enqueued as is, not copied
      request.on('data', (chunk: Buffer) => {
        if (settled) return
        controller.enqueue(chunk)
        if ((controller.desiredSize ?? 0) <= 0) request.pause()
      })
      const settle = (end: () => void): void => {
        if (settled) return
        settled = true
        end()
      }
      request.once('end', () => settle(() => controller.close()))
      request.once('error', (error) => settle(() => controller.error(error)))
      // after 'end' or 'error' the body is settled already and this does nothing
      request.once('close', () => settle(() => controller.error(reason())))
    },
    pull() {
      request.resume()
    },
    cancel() {
      settled = true
      request.destroy()
    },
  })
}
