// The fleet's search index: for each token, the nodes whose text holds it. A term is one lookup;
// wildcards, ranges and fuzzy terms scan the distinct tokens once, not every node.
import type {NodeObject} from '../types.js'

export interface InvertedIndex {
  nodes: NodeObject[]
  /** each node's tokens in text order (phrases need positions) */
  tokens: string[][]
  /** token → indexes into `nodes`, ascending */
  postings: Map<string, number[]>
}

export function buildInvertedIndex(nodes: NodeObject[], tokensOf: (node: NodeObject) => string[]): InvertedIndex {
  const tokens = nodes.map((node) => tokensOf(node))
  const postings = new Map<string, number[]>()
  for (const [i, list] of tokens.entries()) {
    for (const token of list) {
      const ids = postings.get(token)
      if (!ids) postings.set(token, [i])
      // a token can repeat within a node (two words of values); list the node once
      else if (ids.at(-1) !== i) ids.push(i)
    }
  }

  return {nodes, tokens, postings}
}
