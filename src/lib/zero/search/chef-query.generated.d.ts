// Types of the parser peggy generates from chef-query.peggy (written by hand: peggy emits JS).
// The tree mirrors the grammar; `at` is the 0-based offset where the construct starts, and all
// text is as typed (escapes kept).

export type ChefNode =
  | {type: 'all'; at: number}
  | {type: 'term'; at: number; text: string}
  | {type: 'string'; at: number; words: string[]}
  /** `param` '' when the `~` has no number */
  | {type: 'fuzzy'; at: number; operand: Extract<ChefNode, {type: 'term' | 'string'}>; param: string}
  | {type: 'field'; at: number; name: string; arg: Extract<ChefNode, {type: 'fuzzy' | 'term' | 'group' | 'string'}>}
  | {type: 'fieldPhrase'; at: number; name: string; words: string[]}
  | {type: 'range'; at: number; name: string; low: string; high: string; includeLow: boolean; includeHigh: boolean}
  | {type: 'group'; at: number; query: ChefNode[]}
  | {type: 'binary'; at: number; lhs: ChefNode; op: {op: 'AND' | '&&' | 'OR' | '||'; at: number}; rhs: ChefNode[]}
  | {type: 'unary'; at: number; op: 'NOT' | '!' | '+' | '-'; operand: ChefNode}

export class SyntaxError extends Error {
  found: string | null
  location: {start: {offset: number}; end: {offset: number}}
}

export function parse(input: string): ChefNode[]
