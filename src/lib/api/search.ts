import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {judgePage, type PageAnswered} from './search-paging.js'

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

// `start` only means something if every page comes in the same order. Chef Server always sorts
// by id and ignores `sort`; goiardi sorts by a top-level key of the rows it returns, which for
// partial search are {url, data}: without `sort=url` its partial pages come in random order and
// overlap, so some nodes are never seen. Full rows have a top-level `name`.
const PARTIAL_SORT = 'url asc'
const FULL_SORT = 'name asc'

/** Encodes like Chef's own search (spaces as %20, not +), which every Chef server decodes. */
const searchPath = (query: string, start: number, rows: number, sort: string): string =>
  `search/node?q=${encodeURIComponent(query)}&start=${start}&rows=${rows}&sort=${encodeURIComponent(sort)}`

const serverIgnoresStart = (client: ChefClient, query: string, start: number): PushyError =>
  new PushyError(
    `the Chef server at ${client.baseUrl} answered the search '${query}' from row ${start} with nodes it had already sent: it seems to ignore 'start', so not every matching node can be read`,
    ExitCode.Server,
    {hint: 'narrow the query so that it matches fewer nodes than one page holds, or name the nodes instead of searching'},
  )

/**
 * Names of every node matching a Chef search query, each once, reading page after page until a
 * short or empty one (knife-push read only the first 1,000). Uses partial search so only names
 * travel, not whole node objects; falls back to full rows on a server without partial search.
 */
export async function searchNodeNames(client: ChefClient, query: string, pageSize = SEARCH_PAGE_SIZE): Promise<string[]> {
  try {
    return await readEveryPage(client, query, pageSize)
  } catch (error) {
    throw searchError(error, query)
  }
}

/** What a refused search means: the query, or the right to search, not Push Jobs. */
function searchError(error: unknown, query: string): unknown {
  if (!(error instanceof PushyError)) return error
  if (error.status === 403) {
    return new PushyError(`not allowed to search nodes: ${error.message}`, error.exitCode, {
      status: 403,
      hint: 'this user or client needs read access to the node index on the Chef server; ask a Chef server admin',
    })
  }
  if (error.status === 400) return new PushyError(`the Chef server refused the search query '${query}': ${error.message}`, error.exitCode, {status: 400, hint: 'check the query syntax, e.g. role:webapp AND chef_environment:prod'})
  return error
}

/**
 * Which of `names` the Chef server does not know as nodes (a typo looks like an offline node to
 * Push Jobs). One search per 100 names; undefined when the search itself is refused.
 */
export async function unknownNodes(client: ChefClient, names: readonly string[]): Promise<string[] | undefined> {
  const known = new Set<string>()
  try {
    for (let at = 0; at < names.length; at += 100) {
      // A one-word phrase is the exact name; `"` cannot occur in a Chef name.
      const query = names.slice(at, at + 100).map((name) => `name:"${name}"`).join(' OR ')
      for (const name of await readEveryPage(client, query, SEARCH_PAGE_SIZE)) known.add(name)
    }
  } catch {
    return undefined
  }
  return names.filter((name) => !known.has(name))
}

async function readEveryPage(client: ChefClient, query: string, pageSize: number): Promise<string[]> {
  const names: string[] = []
  const seen = new Set<string>()
  let partial = true
  for (let start = 0; ; ) {
    let page: PageAnswered
    if (partial) {
      try {
        // A read: retried like a GET (only job POSTs must never repeat)
        const {body} = await client.post<PartialSearchPage>(searchPath(query, start, pageSize, PARTIAL_SORT), {name: ['name']}, {read: true})
        page = {total: body.total, names: body.rows.map((row) => String(row.data?.name ?? ''))}
      } catch (error) {
        if (!(error instanceof PushyError) || (error.status !== 404 && error.status !== 405)) throw error
        partial = false
        continue
      }
    } else {
      const body = await client.get<FullSearchPage>(searchPath(query, start, pageSize, FULL_SORT))
      page = {total: body.total, names: body.rows.map((row) => String(row.name ?? ''))}
    }

    const verdict = judgePage({start, rows: pageSize}, page, seen)
    if (verdict.kind === 'repeated') throw serverIgnoresStart(client, query, start)
    for (const name of verdict.fresh) seen.add(name)
    names.push(...verdict.fresh)
    if (verdict.kind === 'last') return names
    start = verdict.nextStart
  }
}

/** The warning for nodes the Chef server does not know, or undefined when there are none. */
export function unknownNodesWarning(unknown: readonly string[] | undefined): string | undefined {
  if (!unknown || unknown.length === 0) return undefined
  const list = unknown.length > 10 ? `${unknown.slice(0, 10).join(', ')} and ${unknown.length - 10} more` : unknown.join(', ')
  return `Warning: the Chef server knows no node named ${list}: a typo? (a known node that is unavailable is not connected to Push Jobs)`
}
