import type {Settings} from '../config/types.js'

export interface RetryPolicy {
  /** extra attempts for a GET (4) */
  limit: number
  /** first backoff; doubles each time (with jitter), capped by maxDelayMs */
  baseDelayMs: number
  maxDelayMs: number
  /** total time for all attempts and waits, from the first attempt; a Retry-After beyond it ends the retries (default 30 s) */
  budgetMs?: number
}

export interface ChefClientOptions {
  settings: Settings
  /** -V: one line per request and response status, signature headers redacted (to stderr) */
  verbose?: (line: string) => void
  /** warnings such as ssl_verify_mode :verify_none (to stderr) */
  warn?: (line: string) => void
  retry?: Partial<RetryPolicy>
  /** per-request timeout in ms, applied to every phase (default 30 s) */
  timeoutMs?: number
  /** sent on every request, signed in 1.3 (default "1") */
  serverApiVersion?: string
  now?: () => Date
  /** Ctrl-C: aborts every request in flight (the error is exit 130) */
  signal?: AbortSignal
}

export interface StreamOptions {
  /** Accept header (default application/json) */
  accept?: string
  headers?: Record<string, string>
  /** ends this stream only (the feed's own stop), as opposed to the client's Ctrl-C signal */
  signal?: AbortSignal
}

export interface PostResult<T> {
  statusCode: number
  body: T
  headers: Record<string, string | string[] | undefined>
}

/**
 * A signed Chef API client. Paths are relative to chef_server_url (which ends in
 * /organizations/ORG), e.g. `pushy/jobs`. Every failure is a PushyError with the right exit code.
 */
export interface ChefClient {
  /** chef_server_url without a trailing slash */
  readonly baseUrl: string
  /** GET, JSON body; retried on 5xx, 429 and connection errors */
  get<T>(path: string, options?: {searchParams?: Record<string, string | number>}): Promise<T>
  /** GET raw bytes (job output); `accept` defaults to application/octet-stream */
  getBytes(path: string, options?: {accept?: string}): Promise<Buffer>
  /**
   * POST JSON; never retried, unless `read` says the POST only reads (partial search), which is
   * then retried like a GET. When a POST fails after it may have reached the server, the error
   * says so, using `uncertainHint` (e.g. "the job may exist: run pushy job list").
   */
  post<T>(path: string, body: unknown, options?: {uncertainHint?: string; read?: boolean}): Promise<PostResult<T>>
  put<T>(path: string, body: unknown): Promise<T>
  /**
   * A signed GET whose body streams (the event feed): resolves on a 2xx with the body unread;
   * any other status is the PushyError every request gives. Never retried.
   */
  stream(path: string, options?: StreamOptions): Promise<Response>
}
