// Chef object names (nodes): letters, digits, `_ - . :` (chef-server's name regex), at most
// 255 characters. Checked before anything is sent, so a typo never reaches the server.
import {usageError} from '../errors.js'

export const MAX_NODE_NAME_LENGTH = 255
/** Chef's object-name rule (nodes, clients, users). */
export const CHEF_NAME = /^[A-Za-z0-9_\-.:]+$/

const excerpt = (name: string): string => (name.length > 40 ? `${name.slice(0, 40)}…` : name)

/** Throws a usage error saying what is wrong with `name`, if anything. */
export function validateNodeName(name: string): void {
  if (name === '') throw usageError('empty node name')
  if (name.length > MAX_NODE_NAME_LENGTH) {
    throw usageError(`node name '${excerpt(name)}' is ${name.length} characters long; Chef allows at most ${MAX_NODE_NAME_LENGTH}`)
  }
  if (!CHEF_NAME.test(name)) {
    const bad = [...name].find((ch) => !CHEF_NAME.test(ch)) ?? ''
    throw usageError(`invalid node name '${excerpt(name)}': ${JSON.stringify(bad)} is not allowed; Chef node names use letters, digits, _ - . and :`)
  }
}
