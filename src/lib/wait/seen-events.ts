// Remembers which events of one feed were already handled, so that the replay a server sends after a
// reconnect (everything, when it does not recognise Last-Event-ID) is never shown twice.

/** Ids the server numbers in order (`job-12`, `org-3`); anything else is compared as an opaque string. */
const NUMBERED_ID = /^(.*-)(\d+)$/

export class SeenEvents {
  readonly #highest = new Map<string, number>()
  readonly #opaque = new Set<string>()
  #lastId: string | undefined

  /** The id to send as Last-Event-ID on the next connection. */
  get lastId(): string | undefined {
    return this.#lastId
  }

  /** True (and remembered) the first time an id is seen. Events without an id cannot be deduplicated. */
  isNew(id: string): boolean {
    if (id === '') return true
    const numbered = NUMBERED_ID.exec(id)
    if (numbered) {
      const [, prefix, digits] = numbered as unknown as [string, string, string]
      const n = Number(digits)
      if (n <= (this.#highest.get(prefix) ?? 0)) return false
      this.#highest.set(prefix, n)
    } else {
      if (this.#opaque.has(id)) return false
      this.#opaque.add(id)
    }
    this.#lastId = id
    return true
  }

  /** Forget everything: the server started a new history (org feed `start_of_history`). */
  reset(): void {
    this.#highest.clear()
    this.#opaque.clear()
    this.#lastId = undefined
  }
}
