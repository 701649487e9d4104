// Which nodes a query finds, as a bit per node. Boolean queries follow Lucene's occur flags; a
// query (or group) with only prohibited clauses finds every other node, as Elasticsearch and
// Solr's top level do.
import type {InvertedIndex} from './inverted.js'
import type {Query} from './lucene.js'
import {wildcardTest} from './terms.js'

export type Hits = Uint8Array

function fromTokens(index: InvertedIndex, test: (token: string) => boolean): Hits {
  const hits = new Uint8Array(index.nodes.length)
  for (const [token, ids] of index.postings) if (test(token)) for (const id of ids) hits[id] = 1
  return hits
}

/** Damerau–Levenshtein (adjacent transpositions count once), stopping early past `max`. */
export function withinEdits(a: string, b: string, max: number): boolean {
  const x = [...a]
  const y = [...b]
  if (Math.abs(x.length - y.length) > max) return false
  let before = Array.from({length: y.length + 1}, (_, j) => j)
  let previous = before
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2] + 1)
      row.push(d)
      best = Math.min(best, d)
    }

    if (best > max) return false
    before = previous
    previous = row
  }

  return previous[y.length] <= max
}

/**
 * The words in order, with at most `slop` other tokens between them in all (Lucene also lets a
 * large slop match words out of order; not here). Taking each next word at its earliest place
 * after the one before keeps the gaps smallest.
 */
function hasPhrase(tokens: string[], phrase: string[], slop: number): boolean {
  for (let start = tokens.indexOf(phrase[0]); start !== -1; start = tokens.indexOf(phrase[0], start + 1)) {
    let at = start
    for (const word of phrase.slice(1)) {
      at = tokens.indexOf(word, at + 1)
      if (at === -1) return false
    }

    if (at - start - (phrase.length - 1) <= slop) return true
  }

  return false
}

function phraseHits(index: InvertedIndex, tokens: string[], slop: number): Hits {
  const hits = new Uint8Array(index.nodes.length)
  // Only nodes holding every word can match; start from the rarest word's list.
  const lists = tokens.map((token) => index.postings.get(token) ?? [])
  const rarest = lists.reduce((a, b) => (b.length < a.length ? b : a))
  for (const id of rarest) if (hasPhrase(index.tokens[id], tokens, slop)) hits[id] = 1
  return hits
}

function inRange(query: Extract<Query, {type: 'range'}>): (token: string) => boolean {
  return (token) =>
    (query.includeLow ? token >= query.low : token > query.low) && (query.includeHigh ? token <= query.high : token < query.high)
}

function boolHits(index: InvertedIndex, query: Extract<Query, {type: 'bool'}>): Hits {
  const size = index.nodes.length
  const must = query.clauses.filter((c) => c.occur === 'must')
  const should = query.clauses.filter((c) => c.occur === 'should')
  let hits: Hits
  if (must.length > 0) {
    // With required clauses, optional ones only rank, which search does not use.
    hits = new Uint8Array(size).fill(1)
    for (const clause of must) {
      const other = evaluate(index, clause.query)
      for (let i = 0; i < size; i++) hits[i] &= other[i]
    }
  } else if (should.length > 0) {
    hits = new Uint8Array(size)
    for (const clause of should) {
      const other = evaluate(index, clause.query)
      for (let i = 0; i < size; i++) hits[i] |= other[i]
    }
  } else {
    hits = new Uint8Array(size).fill(1)
  }

  for (const clause of query.clauses) {
    if (clause.occur !== 'mustNot') continue
    const other = evaluate(index, clause.query)
    for (let i = 0; i < size; i++) hits[i] &= 1 - other[i]
  }

  return hits
}

export function evaluate(index: InvertedIndex, query: Query): Hits {
  switch (query.type) {
    case 'all': {
      return new Uint8Array(index.nodes.length).fill(1)
    }

    case 'term': {
      const hits = new Uint8Array(index.nodes.length)
      for (const id of index.postings.get(query.token) ?? []) hits[id] = 1
      return hits
    }

    case 'wildcard': {
      return fromTokens(index, wildcardTest(query.parts))
    }

    case 'fuzzy': {
      return fromTokens(index, (token) => withinEdits(query.token, token, query.edits))
    }

    case 'phrase': {
      return phraseHits(index, query.tokens, query.slop)
    }

    case 'range': {
      return fromTokens(index, inRange(query))
    }

    case 'bool': {
      return boolHits(index, query)
    }
  }
}
