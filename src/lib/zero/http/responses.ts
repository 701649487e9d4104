// Response bodies the real server sends: auth errors as
// `{"error":[msg]}`, POST validation errors as `{"error":msg}`, webmachine's HTML for 404/500,
// empty bodies for 405/406/415.
import type {ServerResponse} from 'node:http'

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

const WEBMACHINE_404 =
  '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD><BODY><H1>Not Found</H1>The requested document was not found on this server.<P><HR><ADDRESS>mochiweb+webmachine web server</ADDRESS></BODY></HTML>'

const webmachine500 = (reason: string): string =>
  `<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>The server encountered an error while processing this request:<br><pre>${escapeHtml(reason)}</pre><P><HR><ADDRESS>mochiweb+webmachine web server</ADDRESS></body></html>`

const escapeHtml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: {'Content-Type': 'application/json', ...headers},
  body: JSON.stringify(value),
})

/** Signing, authorization and Chef API errors: an array of one message. */
export const errorList = (status: number, message: string): Reply => json(status, {error: [message]})

/** POST jobs validation errors: a plain string. */
export const errorString = (status: number, message: string): Reply => json(status, {error: message})

export const empty = (status: number, headers: Record<string, string> = {}): Reply => ({status, headers})

export const notFoundPage = (): Reply => ({status: 404, headers: {'Content-Type': 'text/html'}, body: WEBMACHINE_404})

export const serverErrorPage = (reason: string): Reply => ({status: 500, headers: {'Content-Type': 'text/html'}, body: webmachine500(reason)})

export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = reply.body ?? ''
  res.writeHead(reply.status, {...reply.headers, 'Content-Length': String(Buffer.byteLength(body))})
  res.end(body)
}
