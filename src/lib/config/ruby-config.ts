// Reads a knife config.rb without running Ruby. Knife configs are nearly always a list of
// `setting value` lines plus a few local variables and File/ENV helpers; that subset is parsed
// here (the values are computed by ruby-eval.ts). Anything outside it (if/end blocks, begin, def,
// blocks, methods we do not know, settings knife does not have) is refused with the file and line,
// never guessed at: a wrong guess would sign requests with the wrong key or talk to the wrong server.
import {resolve} from 'node:path'
import {usageError, type PushyError} from '../errors.js'
import {isConfigContext, isContextMember, isKnownSetting} from './known-settings.js'
import {Evaluator, HELPERS, LineError, VALUE_METHODS, cannot, diskFiles, isTruthy, rubyStrip, type Node, type RubyContext, type Scope} from './ruby-eval.js'
import {RubySyntaxError, tokenize, type StringPart, type Token} from './ruby-lexer.js'
import {RubyConstant, RubySymbol, describe, type RubyValue} from './ruby-values.js'

export type {RubyContext} from './ruby-eval.js'

export interface ConfigAssignment {
  value: RubyValue
  /** the file that set it: the config file, or one it read with from_file */
  file: string
  line: number
}

/**
 * Every setting the file sets (the last one wins, as in Ruby), by name: `node_name`, or
 * `context.member` for `knife[:editor]` and `chef_zero.port`.
 */
export type ConfigAssignments = Map<string, ConfigAssignment>

/** What every file read in one evaluation shares, like Chef::Config itself. */
interface SharedState {
  settings: Map<string, RubyValue>
  assignments: ConfigAssignments
  /** absolute paths of the files being read, outermost first, to catch a from_file loop */
  reading: string[]
}

const CONTROL_WORDS = new Set(['if', 'unless', 'else', 'elsif', 'while', 'until', 'for', 'case', 'when', 'begin', 'rescue', 'ensure', 'end', 'def', 'class', 'module', 'do', 'then', 'return', 'yield', 'lambda', 'proc', 'eval', 'instance_eval', 'load', 'and', 'or', 'not'])
const MODIFIERS = new Set(['if', 'unless'])
const OPAQUE_CONSTANTS = new Set(['STDOUT', 'STDERR', '$stdout', '$stderr'])
const CONFIG_CLASSES = new Set(['Chef', 'ChefConfig'])

const HINT = 'pushy reads knife settings, local variables, strings, File/ENV helpers and `if`/`unless` on File.exist? or ENV without running Ruby; rewrite that line in those terms, or pass --server-url, --user and --key'

export function evaluateConfigRb(source: string, context: RubyContext): ConfigAssignments {
  const state: SharedState = {settings: new Map(context.earlier), assignments: new Map(), reading: [resolve(context.cwd, context.file)]}
  runFile(source, context, state)
  return state.assignments
}

/** One file with its own locals and `__FILE__`, sharing the settings; errors name this file. */
function runFile(source: string, context: RubyContext, state: SharedState): void {
  try {
    new Parser(tokenize(source), context, {declared: new Set(), values: new Map()}, state).program()
  } catch (error) {
    if (error instanceof LineError) throw lineError(context.file, error.line, error.message, error.hint)
    if (error instanceof RubySyntaxError) throw lineError(context.file, error.line, `cannot understand ${error.message}`)
    throw error
  }
}

const lineError = (file: string, line: number, message: string, hint = HINT): PushyError => usageError(`${file}:${line}: ${message}`, hint)

function tokenText(token: Token | undefined): string {
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
function keyName(key: RubyValue, line: number): string {
  if (key instanceof RubySymbol) return key.name
  if (typeof key === 'string') return key
  throw new LineError(`a setting key must be a symbol or a string, not ${describe(key)}`, line)
}

type Action = () => void

class Parser {
  private pos = 0
  private readonly evaluator: Evaluator

  constructor(
    private readonly tokens: Token[],
    private readonly context: RubyContext,
    private readonly scope: Scope,
    private readonly state: SharedState,
  ) {
    this.evaluator = new Evaluator(context, scope, state.settings)
  }

  program(): void {
    while (this.pos < this.tokens.length) {
      if (this.atStatementEnd()) {
        this.pos++
        continue
      }

      const action = this.statement()
      const condition = this.modifier()
      const after = this.peek()
      if (after !== undefined && !this.atStatementEnd()) throw cannot(`${tokenText(after)} here`, after.line)
      if (condition === undefined || condition()) action()
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

  /** `… if CONDITION` / `… unless CONDITION`: the test to run before the statement, if any. */
  private modifier(): (() => boolean) | undefined {
    const token = this.peek()
    if (token?.kind !== 'name' || !MODIFIERS.has(token.name)) return undefined
    this.pos++
    if (this.atStatementEnd()) throw cannot(`\`${token.name}\` without a condition`, token.line)
    const condition = this.expression()
    const wanted = token.name === 'if'
    return () => isTruthy(this.value(condition)) === wanted
  }

  private statement(): Action {
    let token = this.next()
    // `::File…` and `::Chef::Config…` name the same constants from the top level.
    if (this.isPunct(token, '::') && this.peek()?.kind === 'name') token = this.next()
    if (token.kind !== 'name') throw cannot(tokenText(token), token.line)
    const {name, line} = token
    if (CONTROL_WORDS.has(name)) throw cannot(`\`${name}\` (Ruby control flow and definitions are not read)`, line)
    const after = this.peek()

    // Loading Ruby libraries is meaningless when no Ruby runs; anything that would use what they
    // define is an expression this reader refuses on its own line.
    if (name === 'require' || name === 'require_relative') {
      this.argumentList(this.isPunct(after, '(') ? ')' : undefined)
      return () => {}
    }

    if (CONFIG_CLASSES.has(name) && this.isPunct(after, '::')) return this.configClassStatement(token)
    if (isConfigContext(name) && (this.isPunct(after, '[') || this.isPunct(after, '.'))) return this.contextStatement(name)

    if (/^[a-z_]/.test(name) && (this.isPunct(after, '=') || this.isPunct(after, '||='))) {
      const orAssign = this.isPunct(this.next(), '||=')
      this.scope.declared.add(name)
      const value = this.expression()
      return () => {
        if (!orAssign || !isTruthy(this.scope.values.get(name) ?? null)) this.scope.values.set(name, this.value(value))
      }
    }

    if (!/^[a-z_]/.test(name)) throw cannot(`\`${name}\``, line)
    if (this.isPunct(after, '.')) throw new LineError(`cannot understand \`${name}.\`: \`${name}\` is not a config context (such as knife or chef_zero)`, line)
    const args = this.atArgumentsEnd() ? [] : this.isPunct(after, '(') && !token.spaceAfter ? this.argumentList(')') : this.argumentList(undefined)
    if (name === 'from_file') return this.fromFile(args, line)
    if (args.length === 0) {
      // A bare name reads a local or a setting and throws the value away.
      if (this.scope.declared.has(name) || isKnownSetting(name)) return () => {}
      throw this.unknownName(name, line)
    }

    if (!isKnownSetting(name)) throw this.unknownName(name, line)
    return () => this.setSetting(name, this.argumentsValue(args), line)
  }

  private unknownName(name: string, line: number): LineError {
    return new LineError(`cannot understand \`${name}\`: it is not a knife setting pushy knows, nor a local variable set earlier in the file`, line)
  }

  /** `Chef::Config[:key] = v`, `Chef::Config[:key] ||= v`, `Chef::Config.key = v`, `Chef::Config.key(v)`, `Chef::Config.from_file(p)`. */
  private configClassStatement(first: Token & {kind: 'name'}): Action {
    this.configClass(first)
    const line = first.line
    if (this.isPunct(this.peek(), '[')) {
      this.pos++
      const key = this.expression()
      this.expect(']')
      return this.assignment(() => keyName(this.value(key), line), line)
    }

    this.expect('.')
    const method = this.next()
    if (method.kind !== 'name') throw cannot(`${tokenText(method)} after Chef::Config.`, method.line)
    if (this.isPunct(this.peek(), '=') || this.isPunct(this.peek(), '||=')) return this.assignment(() => method.name, line)
    const args = this.atArgumentsEnd() ? [] : this.isPunct(this.peek(), '(') && !method.spaceAfter ? this.argumentList(')') : this.argumentList(undefined)
    if (method.name === 'from_file') return this.fromFile(args, line)
    if (!isKnownSetting(method.name)) throw this.unknownName(method.name, line)
    if (args.length === 0) return () => {}
    return () => this.setSetting(method.name, this.argumentsValue(args), line)
  }

  /** `knife[:editor] = "vim"`, `knife[:editor] ||= "vim"`, `chef_zero.port 8889`, `chef_zero.enabled = true`. */
  private contextStatement(context: string): Action {
    const line = this.peek()!.line
    if (this.isPunct(this.peek(), '[')) {
      this.pos++
      const key = this.expression()
      this.expect(']')
      return this.assignment(() => this.member(context, keyName(this.value(key), line), line), line)
    }

    this.expect('.')
    const method = this.next()
    if (method.kind !== 'name') throw cannot(`${tokenText(method)} after ${context}.`, method.line)
    const name = this.member(context, method.name, line)
    if (this.isPunct(this.peek(), '=') || this.isPunct(this.peek(), '||=')) return this.assignment(() => name, line)
    const args = this.atArgumentsEnd() ? [] : this.isPunct(this.peek(), '(') && !method.spaceAfter ? this.argumentList(')') : this.argumentList(undefined)
    if (args.length === 0) return () => {}
    return () => this.setSetting(name, this.argumentsValue(args), line)
  }

  private member(context: string, member: string, line: number): string {
    if (!isContextMember(context, member)) throw new LineError(`\`${context}.${member}\` is not a ${context} setting (chef-config refuses it too)`, line)
    return `${context}.${member}`
  }

  /** `= value` or `||= value` after a setting's name; the name is computed when the statement runs. */
  private assignment(settingName: () => string, line: number): Action {
    const operator = this.next()
    if (!this.isPunct(operator, '=') && !this.isPunct(operator, '||=')) throw cannot(`${tokenText(operator)} where \`=\` was expected`, operator.line)
    const value = this.expression()
    return () => {
      const name = settingName()
      if (!name.includes('.') && !isKnownSetting(name)) throw this.unknownName(name, line)
      if (this.isPunct(operator, '||=') && isTruthy(this.evaluator.evaluate({type: 'setting', name, line}))) return
      this.setSetting(name, this.value(value), line)
    }
  }

  private setSetting(name: string, value: RubyValue, line: number): void {
    // chef-config's chef_server_url writer keeps `uri.to_s.strip`.
    const written = name === 'chef_server_url' && typeof value === 'string' ? rubyStrip(value) : value
    this.state.settings.set(name, written)
    this.state.assignments.set(name, {value: written, file: this.context.file, line})
  }

  /** A setting given several arguments holds them as an array, as mixlib-config does. */
  private argumentsValue(args: Node[]): RubyValue {
    const values = args.map((arg) => this.value(arg))
    return values.length === 1 ? values[0] : values
  }

  /** `from_file PATH`: that file is read here, with its own locals and `__FILE__`, as mixlib-config does. */
  private fromFile(args: Node[], line: number): Action {
    return () => {
      if (args.length !== 1) throw new LineError(`from_file takes 1 argument, not ${args.length}`, line)
      const path = this.value(args[0])
      if (typeof path !== 'string') throw new LineError(`from_file needs a path, not ${describe(path)}`, line)
      if (/\.(ya?ml|json|toml)$/.test(path)) throw cannot(`from_file of a YAML, JSON or TOML file ("${path}")`, line)
      const absolute = resolve(this.context.cwd, path)
      if (this.state.reading.includes(absolute)) {
        const chain = [...this.state.reading.slice(this.state.reading.indexOf(absolute)), absolute].join(' → ')
        throw new LineError(`from_file "${path}" reads a file that is already being read (${chain})`, line, 'remove one of the from_file lines; Ruby would loop until it ran out of stack')
      }

      const files = this.context.files ?? diskFiles
      const kind = files.kind(absolute)
      if (kind !== 'file') throw new LineError(`from_file "${path}": ${absolute} ${kind === undefined ? 'does not exist' : 'is a directory'}`, line, `create it, or read it only when it is there: from_file "${path}" if File.exist?("${path}")`)
      let source: string
      try {
        source = files.read(absolute)
      } catch (error) {
        throw new LineError(`from_file "${path}": ${(error as Error).message}`, line)
      }

      this.state.reading.push(absolute)
      runFile(source, {...this.context, file: path}, this.state)
      this.state.reading.pop()
    }
  }

  /** Call arguments, with `key => value` and `key: value` gathered into a trailing hash as Ruby does. */
  private argumentList(close: ')' | undefined): Node[] {
    if (close) this.expect('(')
    const args: Node[] = []
    const hash: Array<[Node, Node]> = []
    while (!(close ? this.isPunct(this.peek(), close) : this.atArgumentsEnd())) {
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

  // Ruby's precedence, highest first: method call, !, +, == and !=, &&, ||.
  private expression(): Node {
    let left = this.conjunction()
    while (this.isPunct(this.peek(), '||')) {
      this.pos++
      left = {type: 'or', left, right: this.conjunction()}
    }

    return left
  }

  private conjunction(): Node {
    let left = this.equality()
    while (this.isPunct(this.peek(), '&&')) {
      this.pos++
      left = {type: 'and', left, right: this.equality()}
    }

    return left
  }

  private equality(): Node {
    const left = this.sum()
    const operator = this.peek()
    if (!this.isPunct(operator, '==') && !this.isPunct(operator, '!=')) return left
    this.pos++
    return {type: 'equal', left, right: this.sum(), negate: this.isPunct(operator, '!=')}
  }

  private sum(): Node {
    let left = this.unary()
    while (this.isPunct(this.peek(), '+')) {
      const line = this.next().line
      left = {type: 'plus', left, right: this.unary(), line}
    }

    return left
  }

  private unary(): Node {
    if (!this.isPunct(this.peek(), '!')) return this.postfix()
    this.pos++
    return {type: 'not', operand: this.unary()}
  }

  /** A value followed by `.downcase`, `.strip` and the other pure String methods. */
  private postfix(): Node {
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

  private primary(): Node {
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
  private adjacentStrings(first: Token & {kind: 'string'}): Node {
    const parts = first.parts.map((part) => this.stringPart(part))
    for (let next = this.peek(); next?.kind === 'string'; next = this.peek()) {
      this.pos++
      parts.push(...next.parts.map((part) => this.stringPart(part)))
    }

    return {type: 'string', parts, line: first.line}
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
  private helperCall(receiver: Token & {kind: 'name'}): Node {
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
  private configClassRead(first: Token & {kind: 'name'}): Node {
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
  private contextRead(context: string, line: number): Node {
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
  private configClass(first: Token & {kind: 'name'}): void {
    this.expect('::')
    const config = this.next()
    if (config.kind !== 'name' || config.name !== 'Config') throw cannot(`\`${first.name}::${config.kind === 'name' ? config.name : tokenText(config)}\``, first.line)
  }

  private stringPart(part: StringPart): string | Node {
    if (typeof part === 'string') return part
    return new Parser(tokenize(part.code, part.line), this.context, this.scope, this.state).wholeExpression()
  }

  private value(node: Node): RubyValue {
    return this.evaluator.evaluate(node)
  }

  /** Whether a token can begin an argument written without parentheses. */
  private startsValue(token: Token | undefined): boolean {
    if (token === undefined) return false
    if (token.kind === 'name') return !CONTROL_WORDS.has(token.name)
    return token.kind === 'string' || token.kind === 'symbol' || token.kind === 'number' || token.kind === 'words' || this.isPunct(token, '::')
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

  /** Where arguments written without parentheses end: the statement's end or an `if`/`unless` modifier. */
  private atArgumentsEnd(): boolean {
    const token = this.peek()
    return this.atStatementEnd() || (token?.kind === 'name' && MODIFIERS.has(token.name))
  }

  private expect(text: string): void {
    const token = this.peek()
    if (!this.isPunct(token, text)) throw cannot(`${tokenText(token)} where \`${text}\` was expected`, token?.line ?? this.tokens.at(-1)?.line ?? 1)
    this.pos++
  }
}
