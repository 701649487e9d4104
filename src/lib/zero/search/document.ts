// What a node looks like to search: Chef Server indexes the deep-merged attributes, flattened
// so that every key can be queried alone (`provider:ec2`) or with its parents joined by `_`
// (`cloud_provider:ec2`), plus name, chef_environment, run_list and its roles and recipes.
import type {NodeObject} from '../types.js'

/** field → values, lower-cased (Chef's index lower-cases values; queries match case-insensitively). */
export type SearchDocument = Map<string, string[]>

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function deepMerge(target: Json, source: Json): Json {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key]
    target[key] = isObject(current) && isObject(value) ? deepMerge({...current}, value) : value
  }

  return target
}

/** Attributes as a Chef run sees them: default < normal < override < automatic. */
export function mergedAttributes(node: NodeObject): Json {
  return [node.normal, node.override, node.automatic].reduce<Json>((merged, level) => deepMerge(merged, level ?? {}), deepMerge({}, node.default ?? {}))
}

const RUN_LIST_ITEM = /^(role|recipe)\[(.+)\]$/

/** `role[web]` → role web; `recipe[a::b]` and a bare `a::b` → recipe. */
export function runListItems(runList: string[]): {roles: string[]; recipes: string[]} {
  const roles: string[] = []
  const recipes: string[] = []
  for (const item of runList) {
    const match = RUN_LIST_ITEM.exec(item)
    if (match?.[1] === 'role') roles.push(match[2])
    else recipes.push(match ? match[2] : item)
  }

  return {roles, recipes}
}

export function buildDocument(node: NodeObject): SearchDocument {
  const doc: SearchDocument = new Map()
  const add = (field: string, value: unknown): void => {
    if (value === null || value === undefined) return
    const text = String(value).toLowerCase()
    const values = doc.get(field)
    if (!values) doc.set(field, [text])
    else if (!values.includes(text)) values.push(text)
  }

  const walk = (path: string | undefined, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(path, item)
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        // Leaf values are indexed under their own key too, as Chef Server does.
        if (!isObject(child) && !Array.isArray(child)) add(key, child)
        else if (Array.isArray(child)) for (const item of child) if (!isObject(item)) add(key, item)
        walk(path === undefined ? key : `${path}_${key}`, child)
      }
    } else if (path !== undefined) {
      add(path, value)
    }
  }

  const attributes = mergedAttributes(node)
  walk(undefined, attributes)
  add('name', node.name)
  add('chef_type', 'node')
  add('chef_environment', node.chef_environment)
  for (const item of node.run_list) add('run_list', item)
  const {roles, recipes} = runListItems(node.run_list)
  for (const role of roles) add('role', role)
  for (const recipe of recipes) add('recipe', recipe)
  // `roles`/`recipes` are the expanded run list a chef-client run reports in automatic
  // attributes. Local nodes never run chef-client, so fall back to the run list itself.
  if (!('roles' in attributes)) for (const role of roles) add('roles', role)
  if (!('recipes' in attributes)) {
    for (const recipe of recipes) {
      add('recipes', recipe)
      if (!recipe.includes('::')) add('recipes', `${recipe}::default`)
    }
  }

  return doc
}
