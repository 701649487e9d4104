// Evaluates the expressions of a knife config (parsed by ruby-config.ts) to Ruby values: strings
// and interpolation, locals, settings read back, ENV, the File/Dir helpers, a few pure String
// methods and the comparisons a statement modifier needs. Nothing here runs a program or writes.
import {existsSync, readFileSync, statSync} from 'node:fs'
import {resolve} from 'node:path'
import {readsNilWhenUnset} from './known-settings.js'
import {rubyDirname, rubyExpandPath, rubyFileJoin} from './ruby-file.js'
import {RubyConstant, RubyHash, RubySymbol, describe, interpolate, type RubyValue} from './ruby-values.js'

/** The files a config can look at (File.exist?, from_file); paths are absolute. */
export interface ConfigFiles {
  kind(path: string): 'file' | 'directory' | undefined
  read(path: string): string
}

export interface RubyContext {
  /** the path as given, which is what `__FILE__` holds in Ruby */
  file: string
  env: NodeJS.ProcessEnv
  cwd: string
  /** settings set before this file (credentials, earlier config files), as a read-back sees them */
  earlier?: ReadonlyMap<string, RubyValue>
  /** the real file system unless a test gives another */
  files?: ConfigFiles
}

export const diskFiles: ConfigFiles = {
  kind: (path) => (existsSync(path) ? (statSync(path).isDirectory() ? 'directory' : 'file') : undefined),
  read: (path) => readFileSync(path, 'utf8'),
}

export type Helper =
  | 'ENV[]' | 'ENV.fetch' | 'File.join' | 'File.expand_path' | 'File.absolute_path' | 'File.dirname' | 'Dir.pwd' | '__dir__'
  | 'File.exist?' | 'File.file?' | 'File.directory?' | 'Dir.exist?'

export const HELPERS: Record<string, Helper> = {
  'File.join': 'File.join', 'File.expand_path': 'File.expand_path', 'File.absolute_path': 'File.absolute_path', 'File.dirname': 'File.dirname',
  'File.exist?': 'File.exist?', 'File.file?': 'File.file?', 'File.directory?': 'File.directory?', 'Dir.exist?': 'Dir.exist?',
  'ENV.fetch': 'ENV.fetch', 'Dir.pwd': 'Dir.pwd',
}

/** The String methods people call in configs; all pure. */
export const VALUE_METHODS = new Set(['downcase', 'upcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'chomp', 'to_s', 'to_str', 'to_sym', 'to_i', 'freeze', 'dup'])

export type Node =
  | {type: 'value'; value: RubyValue}
  | {type: 'string'; parts: Array<string | Node>; line: number}
  | {type: 'local'; name: string}
  /** a setting read back: `node_name`, `knife[:editor]`, `chef_zero.port`, `Chef::Config[:x]` */
  | {type: 'setting'; name: string; line: number}
  | {type: 'array'; items: Node[]}
  | {type: 'hash'; entries: Array<[Node, Node]>}
  | {type: 'or' | 'and'; left: Node; right: Node}
  | {type: 'not'; operand: Node}
  | {type: 'equal'; left: Node; right: Node; negate: boolean}
  | {type: 'plus'; left: Node; right: Node; line: number}
  | {type: 'call'; name: Helper; args: Node[]; line: number}
  | {type: 'method'; receiver: Node; name: string; line: number}

/** A failure at a line of the file being read; turned into a usage error naming the file. */
export class LineError extends Error {
  constructor(message: string, readonly line: number, readonly hint?: string) {
    super(message)
  }
}

export const cannot = (what: string, line: number): LineError => new LineError(`cannot understand ${what}`, line)

/** Local variables of one file: Ruby decides at parse time that a name is a local, so both are kept. */
export interface Scope {
  declared: Set<string>
  values: Map<string, RubyValue>
}

const flatten = (values: RubyValue[]): RubyValue[] => values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]))

export const isTruthy = (value: RubyValue): boolean => value !== null && value !== false

// Ruby's white space for strip: NUL, \t, \n, \v, \f, \r and space (not Unicode spaces, unlike JS trim).
const RUBY_SPACE = '[\\0\\t\\n\\v\\f\\r ]'
export const rubyStrip = (text: string): string => text.replace(new RegExp(`^${RUBY_SPACE}+|${RUBY_SPACE}+$`, 'g'), '')

function rubyEqual(left: RubyValue, right: RubyValue): boolean {
  if (left instanceof RubySymbol || left instanceof RubyConstant) return right instanceof left.constructor && (right as RubySymbol).name === left.name
  if (Array.isArray(left)) return Array.isArray(right) && left.length === right.length && left.every((item, index) => rubyEqual(item, right[index]))
  if (left instanceof RubyHash) return false
  return left === right
}

export class Evaluator {
  constructor(
    private readonly context: RubyContext,
    private readonly scope: Scope,
    /** every setting set so far, by name (`node_name`, `knife.editor`) */
    private readonly settings: ReadonlyMap<string, RubyValue>,
  ) {}

  evaluate(node: Node): RubyValue {
    switch (node.type) {
      case 'value': return node.value
      case 'local': return this.scope.values.get(node.name) ?? null
      case 'setting': return this.readSetting(node.name, node.line)
      case 'array': return node.items.map((item) => this.evaluate(item))
      case 'hash': return new RubyHash(node.entries.map(([key, value]) => [this.evaluate(key), this.evaluate(value)] as const))
      case 'or': {
        const left = this.evaluate(node.left)
        return isTruthy(left) ? left : this.evaluate(node.right)
      }

      case 'and': {
        const left = this.evaluate(node.left)
        return isTruthy(left) ? this.evaluate(node.right) : left
      }

      case 'not': return !isTruthy(this.evaluate(node.operand))
      case 'equal': return rubyEqual(this.evaluate(node.left), this.evaluate(node.right)) !== node.negate
      case 'plus': return this.plus(node.left, node.right, node.line)
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
      case 'method': return this.callMethod(this.evaluate(node.receiver), node.name, node.line)
    }
  }

  private readSetting(name: string, line: number): RubyValue {
    if (this.settings.has(name)) return this.settings.get(name)!
    if (readsNilWhenUnset(name)) return null
    throw new LineError(`\`${name}\` is read here before it is set, and its value would be chef-config's default, which pushy does not compute`, line)
  }

  private plus(leftNode: Node, rightNode: Node, line: number): RubyValue {
    const left = this.evaluate(leftNode)
    const right = this.evaluate(rightNode)
    if (typeof left === 'string' && typeof right === 'string') return left + right
    if (typeof left === 'number' && typeof right === 'number') return left + right
    if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right]
    throw new LineError(`cannot add ${describe(right)} to ${describe(left)}`, line)
  }

  private callMethod(value: RubyValue, method: string, line: number): RubyValue {
    if (method === 'freeze' || method === 'dup') return value
    if (method === 'to_s') {
      try {
        return interpolate(value)
      } catch {
        throw cannot(`\`.to_s\` on ${describe(value)}`, line)
      }
    }

    if (value instanceof RubySymbol) {
      if (method === 'to_sym') return value
      if (method === 'downcase' || method === 'upcase' || method === 'capitalize') {
        const text = this.callMethod(value.name, method, line) as string
        return new RubySymbol(text)
      }
    }

    if (typeof value !== 'string') {
      // Ruby raises NoMethodError here (often nil from an unset ENV variable); knife stops too.
      throw new LineError(`\`.${method}\` called on ${describe(value)}${value === null ? ' (an unset ENV variable or setting?)' : ''}`, line)
    }

    switch (method) {
      case 'downcase': return value.toLowerCase()
      case 'upcase': return value.toUpperCase()
      case 'capitalize': return value.slice(0, 1).toUpperCase() + value.slice(1).toLowerCase()
      case 'strip': return rubyStrip(value)
      case 'lstrip': return value.replace(new RegExp(`^${RUBY_SPACE}+`), '')
      case 'rstrip': return value.replace(new RegExp(`${RUBY_SPACE}+$`), '')
      case 'chomp': return value.replace(/(\r\n|\n|\r)$/, '')
      case 'to_str': return value
      case 'to_sym': return new RubySymbol(value)
      case 'to_i': {
        const digits = /^[\t\n\v\f\r ]*([+-]?\d+(?:_\d+)*)/.exec(value)
        return digits ? Number(digits[1].replaceAll('_', '')) : 0
      }

      default: throw cannot(`\`.${method}\``, line)
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
    // Ruby resolves a relative path against the process's working directory, with no ~ expansion.
    const kind = (path: string) => (this.context.files ?? diskFiles).kind(resolve(this.context.cwd, path))
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

        case 'File.absolute_path': {
          // expand_path without ~: a leading ~ is an ordinary directory name here.
          const [path, base] = strings(1, 2)
          const protect = (text: string | undefined) => (text?.startsWith('~') ? `./${text}` : text)
          return rubyExpandPath(protect(path)!, protect(base), where)
        }

        case 'File.exist?': return kind(strings(1, 1)[0]) !== undefined
        case 'File.file?': return kind(strings(1, 1)[0]) === 'file'
        case 'File.directory?':
        case 'Dir.exist?': return kind(strings(1, 1)[0]) === 'directory'
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
}
