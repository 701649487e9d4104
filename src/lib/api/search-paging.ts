// When to ask for another page of Chef search results. Chef Server reports in `total` how many
// nodes match; goiardi reports how many rows the page holds (1000, 1000, 505 for 2,505 nodes).
// So `total` is never the reason to stop: a short or empty page is.

export interface PageAsked {
  start: number
  rows: number
}

export interface PageAnswered {
  /** what the server says `total` is: all matches, or (goiardi) the rows of this page */
  total: number
  /** one entry per row, '' for a row without a name */
  names: readonly string[]
}

export type PageVerdict =
  /** `fresh`: names not read before, in the server's order; `nextStart`: where the next page starts */
  | {kind: 'more'; fresh: string[]; nextStart: number}
  | {kind: 'last'; fresh: string[]}
  /** a non-empty page with no name not already read: the server ignored `start` */
  | {kind: 'repeated'}

export function judgePage(asked: PageAsked, answered: PageAnswered, seen: ReadonlySet<string>): PageVerdict {
  const {names, total} = answered
  if (names.length === 0) return {kind: 'last', fresh: []}

  const fresh = [...new Set(names)].filter((name) => name !== '' && !seen.has(name))
  // A server that ignores `start` sends the first page again and again: stop instead of looping.
  // A page that only partly repeats is kept, minus the repeats: nodes added or removed while we
  // page shift the rows by a few places.
  if (fresh.length === 0) return {kind: 'repeated'}

  const nextStart = asked.start + names.length
  // A full page may be followed by more whatever `total` says. When `total` is exact and a
  // multiple of the page size, this costs one extra request, which comes back empty.
  if (names.length >= asked.rows) return {kind: 'more', fresh, nextStart}
  // A short page ends the search unless the server counts more matches than were read: Chef
  // Server leaves out rows for nodes deleted since they were indexed, and a server may cap `rows`.
  // goiardi's per-page `total` never asks for more here (it is at most the rows of this page).
  if (nextStart < total) return {kind: 'more', fresh, nextStart}
  return {kind: 'last', fresh}
}
