import {PushyError} from '../errors.js'
import type {ChefClient} from '../http/types.js'

export const SEARCH_PAGE_SIZE = 1000

interface PartialSearchPage {
  total: number
  start: number
  rows: Array<{url?: string; data?: {name?: unknown}}>
}

interface FullSearchPage {
  total: number
  start: number
  rows: Array<{name?: unknown}>
}

/** Encodes like Chef's own search (spaces as %20, not +), which every Chef server decodes. */
const searchPath = (query: string, start: number, rows: number): string =>
  `search/node?q=${encodeURIComponent(query)}&start=${start}&rows=${rows}`

/**
 * Names of every node matching a Chef search query, reading all pages (knife-push read only the
 * first 1,000). Uses partial search so only names travel, not whole node objects; falls back to
 * full rows on a server without partial search.
 */
export async function searchNodeNames(client: ChefClient, query: string, pageSize = SEARCH_PAGE_SIZE): Promise<string[]> {
  const names: string[] = []
  let partial = true
  for (let start = 0; ; ) {
    let page: {total: number; names: string[]}
    if (partial) {
      try {
        // A read: retried like a GET (only job POSTs must never repeat)
        const {body} = await client.post<PartialSearchPage>(searchPath(query, start, pageSize), {name: ['name']}, {read: true})
        page = {total: body.total, names: body.rows.map((row) => String(row.data?.name ?? ''))}
      } catch (error) {
        if (!(error instanceof PushyError) || (error.status !== 404 && error.status !== 405)) throw error
        partial = false
        continue
      }
    } else {
      const body = await client.get<FullSearchPage>(searchPath(query, start, pageSize))
      page = {total: body.total, names: body.rows.map((row) => String(row.name ?? ''))}
    }

    names.push(...page.names.filter((name) => name !== ''))
    start += page.names.length
    if (page.names.length === 0 || start >= page.total) return names
  }
}
