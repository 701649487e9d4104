// knife's text formatter (knife/lib/chef/knife/core/text_formatter.rb), byte for byte:
// knife's own summary presenter (Chef::Knife::Core::GenericPresenter). "summary" and "text" are the same for pushy.
import {palette, paintStatus} from './colors.js'
import type {ChalkInstance} from 'chalk'
import {byBytes} from './order.js'

export interface SummaryOptions {
  color: boolean
}

type Hash = Record<string, unknown>

const isHash = (value: unknown): value is Hash => typeof value === 'object' && value !== null && !Array.isArray(value)
const isScalar = (value: unknown): boolean => !Array.isArray(value) && !isHash(value)

// Ruby's String#<=> compares bytes; JS's default sort compares UTF-16 units, which differ
// for characters beyond U+FFFF.

// Ruby's `to_s`: nil is empty.
const scalarText = (value: unknown): string => (value === null || value === undefined ? '' : String(value))

// Ruby counts characters (code points), not UTF-16 units.
const charLength = (text: string): number => [...text].length

interface Context {
  chalk: ChalkInstance
  /** The key this hash is the value of; `nodes` hashes are keyed by node status. */
  parentKey?: string
}

function paintKey(ctx: Context, key: string, text: string): string {
  if (ctx.parentKey === 'nodes' && ctx.chalk.level > 0) return paintStatus(ctx.chalk, key, text)
  return ctx.chalk.cyan(text)
}

function paintValue(ctx: Context, key: string, value: unknown): string {
  const text = scalarText(value)
  return key === 'status' || key === 'availability' ? paintStatus(ctx.chalk, text) : text
}

function format(data: unknown, ctx: Context): string {
  if (isHash(data)) return formatHash(data, ctx)
  if (Array.isArray(data)) return formatArray(data, ctx)
  return `${scalarText(data)}\n`
}

function formatHash(hash: Hash, ctx: Context): string {
  const keys = Object.keys(hash).sort(byBytes)
  const width = Math.max(0, ...keys.map(charLength)) + 1
  let buffer = ''
  for (const key of keys) {
    let value = hash[key]
    // key: ['value'] prints as key: value
    if (Array.isArray(value) && value.length === 1 && isScalar(value[0])) value = value[0]
    if (isScalar(value)) {
      const label = `${key}:`
      const padded = label + ' '.repeat(Math.max(0, width - charLength(label)))
      buffer += `${paintKey(ctx, key, padded)} ${paintValue(ctx, key, value)}\n`
    } else {
      buffer += `${paintKey(ctx, key, `${key}:`)}\n`
      for (const line of rubySplitLines(format(value, {chalk: ctx.chalk, parentKey: key}))) buffer += `  ${line}\n`
    }
  }
  return buffer
}

function formatArray(items: unknown[], ctx: Context): string {
  let buffer = ''
  items.forEach((item, index) => {
    buffer += format(item, {chalk: ctx.chalk})
    if (!isScalar(item) && index !== items.length - 1) buffer += '\n'
  })
  return buffer
}

// Ruby's `split("\n")` drops trailing empty strings but keeps interior ones.
function rubySplitLines(text: string): string[] {
  const lines = text.split('\n')
  while (lines.length > 0 && lines.at(-1) === '') lines.pop()
  return lines
}

/** The data as `knife ... -F summary` prints it, including the final newline `puts` adds. */
export function renderSummary(data: unknown, options: SummaryOptions): string {
  const text = format(data, {chalk: palette(options.color)})
  return text === '' ? '\n' : text
}
