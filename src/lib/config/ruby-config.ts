// Reads a knife config.rb without running Ruby. Knife configs are nearly always a list of
// `setting value` lines plus a few local variables and File/ENV helpers; that subset is parsed
// here (the values are computed by ruby-eval.ts). Anything outside it (if/end blocks, begin, def,
// blocks, methods we do not know, settings knife does not have) is refused with the file and line,
// never guessed at: a wrong guess would sign requests with the wrong key or talk to the wrong server.
import {resolve} from 'node:path'
import {usageError, type PushyError} from '../errors.js'
import {isConfigContext, isKnownSetting} from './known-settings.js'
import {Evaluator, LineError, cannot, diskFiles, isTruthy, rubyStrip, type Node, type RubyContext, type Scope} from './ruby-eval.js'
import {CONFIG_CLASSES, CONTROL_WORDS, ExpressionParser, MODIFIERS, keyName, tokenText} from './ruby-expressions.js'
import {RubySyntaxError, tokenize, type Token} from './ruby-lexer.js'
import {describe, type RubyValue} from './ruby-values.js'

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

type Action = () => void

/** The statements of one file; the expressions in them are parsed by ExpressionParser. */
class Parser extends ExpressionParser {
  private readonly evaluator: Evaluator

  constructor(tokens: Token[], context: RubyContext, scope: Scope, private readonly state: SharedState) {
    super(tokens, context, scope)
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

  private value(node: Node): RubyValue {
    return this.evaluator.evaluate(node)
  }
}
