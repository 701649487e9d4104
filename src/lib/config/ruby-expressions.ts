// Parses the expressions of a knife config (values, strings, helpers, conditions) into the nodes
// ruby-eval.ts computes. The statements around them are in ruby-config.ts.
import {isConfigContext, isContextMember, isKnownSetting} from './known-settings.js'
import {HELPERS, LineError, VALUE_METHODS, cannot, type Node, type RubyContext, type Scope} from './ruby-eval.js'
import {tokenize, type StringPart, type Token} from './ruby-lexer.js'
import {RubyConstant, RubySymbol, describe, type RubyValue} from './ruby-values.js'

export const CONTROL_WORDS = new Set(['if', 'unless', 'else', 'elsif', 'while', 'until', 'for', 'case', 'when', 'begin', 'rescue', 'ensure', 'end', 'def', 'class', 'module', 'do', 'then', 'return', 'yield', 'lambda', 'proc', 'eval', 'instance_eval', 'load', 'and', 'or', 'not'])
export const MODIFIERS = new Set(['if', 'unless'])
const OPAQUE_CONSTANTS = new Set(['STDOUT', 'STDERR', '$stdout', '$stderr'])
export const CONFIG_CLASSES = new Set(['Chef', 'ChefConfig'])

export function tokenText(token: Token | undefined): string {
  if (token === undefined) return 'the end of the file'
  switch (token.kind) {
    case 'name': return `\`${token.name}\``
    case 'punct': return `\`${token.text}\``
    case 'label': return `\`${token.name}:\``
    case 'symbol': return `:${token.name}`
    case 'number': return String(token.value)
    case 'string': return 'a string'
    case 'words': return 'a %w() array'
    case 'newline': return 'the end of the line'
  }
}

/** A setting's key in `Chef::Config[:key]` or `knife[:key]`: a symbol or a string, as mixlib-config's to_sym takes. */
export function keyName(key: RubyValue, line: number): string {
  if (key instanceof RubySymbol) return key.name
  if (typeof key === 'string') return key
  throw new LineError(`a setting key must be a symbol or a string, not ${describe(key)}`, line)
}

export class ExpressionParser {
  protected pos = 0

  constructor(
    protected readonly tokens: Token[],
    protected readonly context: RubyContext,
    protected readonly scope: Scope,
  ) {}

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

  protected member(context: string, member: string, line: number): string {
    if (!isContextMember(context, member)) throw new LineError(`\`${context}.${member}\` is not a ${context} setting (chef-config refuses it too)`, line)
    return `${context}.${member}`
  }

  /** Call arguments, with `key => value` and `key: value` gathered into a trailing hash as Ruby does. */
  protected argumentList(close: ')' | undefined): Node[] {
    if (close) this.expect('(')
    const args: Node[] = []
    const hash: Array<[Node, Node]> = []
    while (!(close ? this.isPunct(this.peek(), close) : this.atArgumentsEnd())) {
      const labelled = this.labelledEntry()
      if (labelled) {
        hash.push(labelled)
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

  /** `name: value`, a hash entry with a symbol key; undefined when no label comes next. */
  private labelledEntry(): [Node, Node] | undefined {
    const label = this.peek()
    if (label?.kind !== 'label') return undefined
    this.pos++
    return [{type: 'value', value: new RubySymbol(label.name)}, this.expression()]
  }

  // Ruby's precedence, highest first: method call, !, +, == and !=, &&, ||.
  protected expression(): Node {
    return this.logical('||', 'or', () => this.conjunction())
  }

  protected conjunction(): Node {
    return this.logical('&&', 'and', () => this.equality())
  }

  /** `operand (operator operand)*`, grouped from the left: `a || b || c` is `(a || b) || c`. */
  private logical(operator: '||' | '&&', type: 'or' | 'and', operand: () => Node): Node {
    let left = operand()
    while (this.isPunct(this.peek(), operator)) {
      this.pos++
      left = {type, left, right: operand()}
    }

    return left
  }

  protected equality(): Node {
    const left = this.sum()
    const operator = this.peek()
    if (!this.isPunct(operator, '==') && !this.isPunct(operator, '!=')) return left
    this.pos++
    return {type: 'equal', left, right: this.sum(), negate: this.isPunct(operator, '!=')}
  }

  protected sum(): Node {
    let left = this.unary()
    while (this.isPunct(this.peek(), '+')) {
      const line = this.next().line
      left = {type: 'plus', left, right: this.unary(), line}
    }

    return left
  }

  protected unary(): Node {
    if (!this.isPunct(this.peek(), '!')) return this.postfix()
    this.pos++
    return {type: 'not', operand: this.unary()}
  }

  /** A value followed by `.downcase`, `.strip` and the other pure String methods. */
  protected postfix(): Node {
    let node = this.primary()
    while (this.isPunct(this.peek(), '.') && this.peek(1)?.kind === 'name') {
      const method = this.peek(1) as Token & {kind: 'name'}
      if (!VALUE_METHODS.has(method.name)) throw cannot(`\`.${method.name}\` (pushy knows only ${[...VALUE_METHODS].map((known) => `.${known}`).join(' ')})`, method.line)
      this.pos += 2
      // `.strip()` is the same call as `.strip`.
      if (this.isPunct(this.peek(), '(') && !method.spaceAfter && this.isPunct(this.peek(1), ')')) this.pos += 2
      node = {type: 'method', receiver: node, name: method.name, line: method.line}
    }

    return node
  }

  protected primary(): Node {
    const token = this.next()
    switch (token.kind) {
      case 'string': return this.adjacentStrings(token)
      case 'words': return {type: 'value', value: token.words}
      case 'symbol': return {type: 'value', value: new RubySymbol(token.name)}
      case 'number': return {type: 'value', value: token.value}
      case 'punct':
        if (token.text === '::' && this.peek()?.kind === 'name') return this.named(this.next() as Token & {kind: 'name'})
        return this.bracketed(token)
      case 'name': return this.named(token)
      default: throw cannot(tokenText(token), token.line)
    }
  }

  /** `"a" "b"` is one string in Ruby (also across a `\` line continuation). */
  protected adjacentStrings(first: Token & {kind: 'string'}): Node {
    const parts = first.parts.map((part) => this.stringPart(part))
    for (let next = this.peek(); next?.kind === 'string'; next = this.peek()) {
      this.pos++
      parts.push(...next.parts.map((part) => this.stringPart(part)))
    }

    return {type: 'string', parts, line: first.line}
  }

  protected bracketed(token: Token & {kind: 'punct'}): Node {
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
        const labelled = this.labelledEntry()
        if (labelled) {
          entries.push(labelled)
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

  protected named(token: Token & {kind: 'name'}): Node {
    const {name, line} = token
    if (name === 'true' || name === 'false') return {type: 'value', value: name === 'true'}
    if (name === 'nil') return {type: 'value', value: null}
    if (name === '__FILE__') return {type: 'value', value: this.context.file}
    if (name === '__dir__') return {type: 'call', name: '__dir__', args: [], line}
    if (OPAQUE_CONSTANTS.has(name)) return {type: 'value', value: new RubyConstant(name)}
    if (name.startsWith('$')) throw cannot(`the global variable \`${name}\``, line)
    if (name === 'ENV' && this.isPunct(this.peek(), '[')) {
      this.pos++
      const key = this.expression()
      this.expect(']')
      return {type: 'call', name: 'ENV[]', args: [key], line}
    }

    if (CONFIG_CLASSES.has(name) && this.isPunct(this.peek(), '::')) return this.configClassRead(token)
    if (/^[A-Z]/.test(name) && this.isPunct(this.peek(), '.') && this.peek(1)?.kind === 'name') return this.helperCall(token)
    if (this.scope.declared.has(name)) return {type: 'local', name}
    if (CONTROL_WORDS.has(name)) throw cannot(`\`${name}\` (Ruby control flow and definitions are not read)`, line)
    if (isConfigContext(name) && (this.isPunct(this.peek(), '[') || this.isPunct(this.peek(), '.'))) return this.contextRead(name, line)
    if (isKnownSetting(name)) {
      // `node_name` with arguments would set the setting in the middle of an expression.
      if (this.isPunct(this.peek(), '(') && !token.spaceAfter) throw cannot(`\`${name}(…)\` inside an expression`, line)
      return {type: 'setting', name, line}
    }

    throw cannot(`\`${name}\` (not a local variable set earlier in the file, nor a knife setting)`, line)
  }

  /** `File.join(…)`, `::File.dirname __FILE__`, `ENV.fetch(…)`, `Dir.pwd`. */
  protected helperCall(receiver: Token & {kind: 'name'}): Node {
    const method = this.peek(1) as Token & {kind: 'name'}
    const helper = HELPERS[`${receiver.name}.${method.name}`]
    if (helper === undefined) throw cannot(`\`${receiver.name}.${method.name}\``, receiver.line)
    this.pos += 2
    let args: Node[] = []
    if (this.isPunct(this.peek(), '(') && !method.spaceAfter) args = this.argumentList(')')
    else if (method.spaceAfter && this.startsValue(this.peek())) args = this.argumentList(undefined)
    return {type: 'call', name: helper, args, line: receiver.line}
  }

  /** `Chef::Config[:node_name]` or `Chef::Config.node_name` read as a value. */
  protected configClassRead(first: Token & {kind: 'name'}): Node {
    this.configClass(first)
    if (this.isPunct(this.peek(), '[')) {
      this.pos++
      const key = this.expression()
      this.expect(']')
      if (key.type !== 'value') throw cannot('a computed key in Chef::Config[…]', first.line)
      return {type: 'setting', name: keyName(key.value, first.line), line: first.line}
    }

    this.expect('.')
    const method = this.next()
    if (method.kind !== 'name' || !isKnownSetting(method.name)) throw cannot(`\`Chef::Config.\` followed by ${tokenText(method)}`, first.line)
    return {type: 'setting', name: method.name, line: first.line}
  }

  /** `knife[:editor]` or `chef_zero.port` read as a value. */
  protected contextRead(context: string, line: number): Node {
    if (this.isPunct(this.next(), '[')) {
      const key = this.expression()
      this.expect(']')
      if (key.type !== 'value') throw cannot(`a computed key in ${context}[…]`, line)
      return {type: 'setting', name: this.member(context, keyName(key.value, line), line), line}
    }

    const method = this.next()
    if (method.kind !== 'name') throw cannot(`${tokenText(method)} after ${context}.`, line)
    return {type: 'setting', name: this.member(context, method.name, line), line}
  }

  /** Consumes `::Config` after `Chef`/`ChefConfig`; nothing else in those modules is read. */
  protected configClass(first: Token & {kind: 'name'}): void {
    this.expect('::')
    const config = this.next()
    if (config.kind !== 'name' || config.name !== 'Config') throw cannot(`\`${first.name}::${config.kind === 'name' ? config.name : tokenText(config)}\``, first.line)
  }

  protected stringPart(part: StringPart): string | Node {
    if (typeof part === 'string') return part
    return new ExpressionParser(tokenize(part.code, part.line), this.context, this.scope).wholeExpression()
  }

  /** Whether a token can begin an argument written without parentheses. */
  protected startsValue(token: Token | undefined): boolean {
    if (token === undefined) return false
    if (token.kind === 'name') return !CONTROL_WORDS.has(token.name)
    return token.kind === 'string' || token.kind === 'symbol' || token.kind === 'number' || token.kind === 'words' || this.isPunct(token, '::')
  }

  protected next(): Token {
    const token = this.tokens[this.pos++]
    if (token === undefined) throw cannot('the end of the file here', this.tokens.at(-1)?.line ?? 1)
    return token
  }

  protected peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead]
  }

  protected isPunct(token: Token | undefined, text: string): boolean {
    return token?.kind === 'punct' && token.text === text
  }

  protected atStatementEnd(): boolean {
    const token = this.peek()
    return token === undefined || token.kind === 'newline' || this.isPunct(token, ';')
  }

  /** Where arguments written without parentheses end: the statement's end or an `if`/`unless` modifier. */
  protected atArgumentsEnd(): boolean {
    const token = this.peek()
    return this.atStatementEnd() || (token?.kind === 'name' && MODIFIERS.has(token.name))
  }

  protected expect(text: string): void {
    const token = this.peek()
    if (!this.isPunct(token, text)) throw cannot(`${tokenText(token)} where \`${text}\` was expected`, token?.line ?? this.tokens.at(-1)?.line ?? 1)
    this.pos++
  }
}
