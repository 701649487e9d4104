// Reads a knife config.rb without running Ruby. Knife configs are nearly always a list of
// `setting value` lines plus a few local variables and File/ENV helpers; that subset is parsed
// and evaluated here. Anything outside it (if, begin, def, blocks, method calls we do not know)
// is refused with the file and line, never guessed at: a wrong guess would sign requests with
// the wrong key or talk to the wrong server.
import {usageError, type PushyError} from '../errors.js'
import {rubyDirname, rubyExpandPath, rubyFileJoin} from './ruby-file.js'
import {RubySyntaxError, tokenize, type StringPart, type Token} from './ruby-lexer.js'
import {RubyConstant, RubyHash, RubySymbol, describe, interpolate, type RubyValue} from './ruby-values.js'

export interface RubyContext {
  /** the path as given, which is what `__FILE__` holds in Ruby */
  file: string
  env: NodeJS.ProcessEnv
  cwd: string
}

export interface ConfigAssignment {
  value: RubyValue
  line: number
}

/** Every `setting value` the file makes (the last one wins, as in Ruby), by setting name. */
export type ConfigAssignments = Map<string, ConfigAssignment>

type Node =
  | {type: 'value'; value: RubyValue}
  | {type: 'string'; parts: Array<string | Node>; line: number}
  | {type: 'local'; name: string}
  | {type: 'array'; items: Node[]}
  | {type: 'hash'; entries: Array<[Node, Node]>}
  | {type: 'or'; left: Node; right: Node}
  | {type: 'plus'; left: Node; right: Node; line: number}
  | {type: 'call'; name: Helper; args: Node[]; line: number}

type Helper = 'ENV[]' | 'ENV.fetch' | 'File.join' | 'File.expand_path' | 'File.dirname' | 'Dir.pwd' | '__dir__'

const CONTROL_WORDS = new Set(['if', 'unless', 'else', 'elsif', 'while', 'until', 'for', 'case', 'when', 'begin', 'rescue', 'ensure', 'end', 'def', 'class', 'module', 'do', 'then', 'return', 'yield', 'lambda', 'proc', 'eval', 'instance_eval', 'load'])
const HELPERS: Record<string, Helper> = {'File.join': 'File.join', 'File.expand_path': 'File.expand_path', 'File.dirname': 'File.dirname', 'ENV.fetch': 'ENV.fetch', 'Dir.pwd': 'Dir.pwd'}
const OPAQUE_CONSTANTS = new Set(['STDOUT', 'STDERR'])

const HINT = 'pushy reads knife settings, local variables, strings, File.join/expand_path/dirname and ENV without running Ruby; rewrite that line in those terms, or pass --server-url, --user and --key'

/** A failure at a line of the file being read; turned into a usage error naming the file. */
class LineError extends Error {
  constructor(message: string, readonly line: number) {
    super(message)
  }
}

export function evaluateConfigRb(source: string, context: RubyContext): ConfigAssignments {
  const settings: ConfigAssignments = new Map()
  try {
    new Parser(tokenize(source), context, new Map(), settings).program()
  } catch (error) {
    if (error instanceof LineError) throw lineError(context.file, error.line, error.message)
    if (error instanceof RubySyntaxError) throw lineError(context.file, error.line, `cannot understand ${error.message}`)
    throw error
  }

  return settings
}

const flatten = (values: RubyValue[]): RubyValue[] => values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]))

const lineError = (file: string, line: number, message: string): PushyError => usageError(`${file}:${line}: ${message}`, HINT)

const cannot = (what: string, line: number): LineError => new LineError(`cannot understand ${what}`, line)

function tokenText(token: Token | undefined): string {
  if (token === undefined) return 'the end of the file'
  switch (token.kind) {
    case 'name': return `\`${token.name}\``
    case 'punct': return `\`${token.text}\``
    case 'label': return `\`${token.name}:\``
    case 'symbol': return `:${token.name}`
    case 'number': return String(token.value)
    case 'string': return 'a string'
    case 'newline': return 'the end of the line'
  }
}

class Parser {
  private pos = 0

  constructor(
    private readonly tokens: Token[],
    private readonly context: RubyContext,
    private readonly locals: Map<string, RubyValue>,
    private readonly settings: ConfigAssignments,
  ) {}

  program(): void {
    while (this.pos < this.tokens.length) {
      if (this.atStatementEnd()) {
        this.pos++
        continue
      }

      this.statement()
      const after = this.peek()
      if (after !== undefined && !this.atStatementEnd()) throw cannot(`${tokenText(after)} here`, after.line)
    }
  }

  /** The expression inside a `#{…}`: all of it, and nothing else. */
  wholeExpression(): Node {
    // "#{}" is an empty string in Ruby.
    if (this.tokens.every((token) => token.kind === 'newline')) return {type: 'value', value: null}
    const node = this.expression()
    while (this.peek()?.kind === 'newline') this.pos++
    const rest = this.peek()
    if (rest !== undefined) throw cannot(`${tokenText(rest)} inside #{…}`, rest.line)
    return node
  }

  private statement(): void {
    const token = this.next()
    if (token.kind !== 'name') throw cannot(tokenText(token), token.line)
    if (CONTROL_WORDS.has(token.name)) throw cannot(`\`${token.name}\` (Ruby control flow and definitions are not read)`, token.line)
    const after = this.peek()

    // Loading Ruby libraries is meaningless when no Ruby runs; anything that would use what they
    // define is an expression this reader refuses on its own line.
    if (token.name === 'require' || token.name === 'require_relative') {
      this.argumentList(this.isPunct(after, '(') ? ')' : undefined)
      return
    }

    // knife[:key] = value configures knife plugins, which pushy is not; the value is still
    // evaluated so that an error in it is reported as knife would report it.
    if (token.name === 'knife' && this.isPunct(after, '[')) {
      this.pos++
      this.evaluate(this.expression())
      this.expect(']')
      this.expect('=')
      this.evaluate(this.expression())
      return
    }

    if (/^[a-z_]/.test(token.name) && this.isPunct(after, '=')) {
      this.pos++
      this.locals.set(token.name, this.evaluate(this.expression()))
      return
    }

    if (!/^[a-z_]/.test(token.name)) throw cannot(`\`${token.name}\``, token.line)
    if (this.atStatementEnd()) {
      if (this.locals.has(token.name)) return
      throw cannot(`\`${token.name}\` without a value`, token.line)
    }

    const args = this.isPunct(after, '(') && !token.spaceAfter ? this.argumentList(')') : this.argumentList(undefined)
    const values = args.map((arg) => this.evaluate(arg))
    this.settings.set(token.name, {value: values.length === 1 ? values[0] : values, line: token.line})
  }

  /** Call arguments, with `key => value` and `key: value` gathered into a trailing hash as Ruby does. */
  private argumentList(close: ')' | undefined): Node[] {
    if (close) this.expect('(')
    const args: Node[] = []
    const hash: Array<[Node, Node]> = []
    while (!(close ? this.isPunct(this.peek(), close) : this.atStatementEnd())) {
      const label = this.peek()
      if (label?.kind === 'label') {
        this.pos++
        hash.push([{type: 'value', value: new RubySymbol(label.name)}, this.expression()])
      } else {
        const value = this.expression()
        if (this.isPunct(this.peek(), '=>')) {
          this.pos++
          hash.push([value, this.expression()])
        } else args.push(value)
      }

      if (!this.isPunct(this.peek(), ',')) break
      this.pos++
    }

    if (close) this.expect(close)
    if (hash.length > 0) args.push({type: 'hash', entries: hash})
    return args
  }

  private expression(): Node {
    let left = this.sum()
    while (this.isPunct(this.peek(), '||')) {
      this.pos++
      left = {type: 'or', left, right: this.sum()}
    }

    return left
  }

  private sum(): Node {
    let left = this.primary()
    while (this.isPunct(this.peek(), '+')) {
      const line = this.next().line
      left = {type: 'plus', left, right: this.primary(), line}
    }

    return left
  }

  private primary(): Node {
    const token = this.next()
    switch (token.kind) {
      case 'string': return {type: 'string', parts: token.parts.map((part) => this.stringPart(part)), line: token.line}
      case 'symbol': return {type: 'value', value: new RubySymbol(token.name)}
      case 'number': return {type: 'value', value: token.value}
      case 'punct': return this.bracketed(token)
      case 'name': return this.named(token)
      default: throw cannot(tokenText(token), token.line)
    }
  }

  private bracketed(token: Token & {kind: 'punct'}): Node {
    if (token.text === '(') {
      const inner = this.expression()
      this.expect(')')
      return inner
    }

    if (token.text === '[') {
      const items: Node[] = []
      while (!this.isPunct(this.peek(), ']')) {
        items.push(this.expression())
        if (!this.isPunct(this.peek(), ',')) break
        this.pos++
      }

      this.expect(']')
      return {type: 'array', items}
    }

    if (token.text === '{') {
      const entries: Array<[Node, Node]> = []
      while (!this.isPunct(this.peek(), '}')) {
        const label = this.peek()
        if (label?.kind === 'label') {
          this.pos++
          entries.push([{type: 'value', value: new RubySymbol(label.name)}, this.expression()])
        } else {
          const key = this.expression()
          this.expect('=>')
          entries.push([key, this.expression()])
        }

        if (!this.isPunct(this.peek(), ',')) break
        this.pos++
      }

      this.expect('}')
      return {type: 'hash', entries}
    }

    throw cannot(tokenText(token), token.line)
  }

  private named(token: Token & {kind: 'name'}): Node {
    const {name, line} = token
    if (name === 'true' || name === 'false') return {type: 'value', value: name === 'true'}
    if (name === 'nil') return {type: 'value', value: null}
    if (name === '__FILE__') return {type: 'value', value: this.context.file}
    if (name === '__dir__') return {type: 'call', name: '__dir__', args: [], line}
    if (OPAQUE_CONSTANTS.has(name)) return {type: 'value', value: new RubyConstant(name)}
    if (name === 'ENV' && this.isPunct(this.peek(), '[')) {
      this.pos++
      const key = this.expression()
      this.expect(']')
      return {type: 'call', name: 'ENV[]', args: [key], line}
    }

    if (this.isPunct(this.peek(), '.') && this.peek(1)?.kind === 'name') {
      const method = this.peek(1) as Token & {kind: 'name'}
      const helper = HELPERS[`${name}.${method.name}`]
      if (helper === undefined) throw cannot(`\`${name}.${method.name}\``, line)
      this.pos += 2
      const args = this.isPunct(this.peek(), '(') ? this.argumentList(')') : []
      return {type: 'call', name: helper, args, line}
    }

    if (this.locals.has(name)) return {type: 'local', name}
    if (CONTROL_WORDS.has(name)) throw cannot(`\`${name}\` (Ruby control flow and definitions are not read)`, line)
    throw cannot(`\`${name}\` (not a local variable set earlier in the file)`, line)
  }

  private stringPart(part: StringPart): string | Node {
    if (typeof part === 'string') return part
    return new Parser(tokenize(part.code, part.line), this.context, this.locals, this.settings).wholeExpression()
  }

  private evaluate(node: Node): RubyValue {
    switch (node.type) {
      case 'value': return node.value
      case 'local': return this.locals.get(node.name) ?? null
      case 'array': return node.items.map((item) => this.evaluate(item))
      case 'hash': return new RubyHash(node.entries.map(([key, value]) => [this.evaluate(key), this.evaluate(value)] as const))
      case 'or': {
        const left = this.evaluate(node.left)
        return left === null || left === false ? this.evaluate(node.right) : left
      }

      case 'plus': {
        const left = this.evaluate(node.left)
        const right = this.evaluate(node.right)
        if (typeof left === 'string' && typeof right === 'string') return left + right
        if (typeof left === 'number' && typeof right === 'number') return left + right
        if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right]
        throw new LineError(`cannot add ${describe(right)} to ${describe(left)}`, node.line)
      }

      case 'string': return node.parts.map((part) => {
        if (typeof part === 'string') return part
        try {
          return interpolate(this.evaluate(part))
        } catch (error) {
          if (error instanceof TypeError) throw cannot(error.message, node.line)
          throw error
        }
      }).join('')
      case 'call': return this.callHelper(node.name, node.args.map((arg) => this.evaluate(arg)), node.line)
    }
  }

  private callHelper(name: Helper, args: RubyValue[], line: number): RubyValue {
    const strings = (min: number, max: number): string[] => {
      if (args.length < min || args.length > max) throw new LineError(`${name} takes ${min === max ? min : `${min} to ${max}`} arguments, not ${args.length}`, line)
      // File.join flattens arrays, as Ruby's does.
      const flat: unknown[] = name === 'File.join' ? flatten(args) : args
      return flat.map((arg) => {
        if (typeof arg !== 'string') throw new LineError(`${name} needs strings, not ${describe(arg)}`, line)
        return arg
      })
    }

    const where = {cwd: this.context.cwd, home: this.context.env.HOME}
    try {
      switch (name) {
        case 'ENV[]': return this.context.env[strings(1, 1)[0]] ?? null
        case 'ENV.fetch': {
          const key = strings(1, 2)[0]
          const value = this.context.env[key]
          if (value !== undefined) return value
          if (args.length === 2) return args[1]
          throw new LineError(`ENV.fetch(${JSON.stringify(key)}): ${key} is not set (key not found)`, line)
        }

        case 'File.join': return rubyFileJoin(strings(0, Infinity))
        case 'File.dirname': return rubyDirname(strings(1, 1)[0])
        case 'File.expand_path': {
          const [path, base] = strings(1, 2)
          return rubyExpandPath(path, base, where)
        }

        case 'Dir.pwd': {
          strings(0, 0)
          return this.context.cwd
        }

        case '__dir__': return rubyDirname(this.context.file)
      }
    } catch (error) {
      if (error instanceof LineError) throw error
      throw new LineError((error as Error).message, line)
    }
  }

  private next(): Token {
    const token = this.tokens[this.pos++]
    if (token === undefined) throw cannot('the end of the file here', this.tokens.at(-1)?.line ?? 1)
    return token
  }

  private peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead]
  }

  private isPunct(token: Token | undefined, text: string): boolean {
    return token?.kind === 'punct' && token.text === text
  }

  private atStatementEnd(): boolean {
    const token = this.peek()
    return token === undefined || token.kind === 'newline' || this.isPunct(token, ';')
  }

  private expect(text: string): void {
    const token = this.peek()
    if (!this.isPunct(token, text)) throw cannot(`${tokenText(token)} where \`${text}\` was expected`, token?.line ?? this.tokens.at(-1)?.line ?? 1)
    this.pos++
  }
}
