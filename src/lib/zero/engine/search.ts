// Fleet nodes as the Chef node objects search returns. Chef indexes `roles` and `recipes` from
// the expanded run list in the automatic attributes; that is what `role:`/`recipe:` queries match.
// Zero has no role definitions, so roles are not expanded further into their recipes.
import type {FleetNode, NodeObject} from '../types.js'

export function nodeObject(node: FleetNode): NodeObject {
  const roles: string[] = []
  const recipes: string[] = []
  for (const item of node.runList) {
    const match = /^(role|recipe)\[([^\]]+)\]$/.exec(item)
    if (match?.[1] === 'role') roles.push(match[2])
    // recipe[name@version]: the index holds the name
    else if (match) recipes.push(match[2].replace(/@.*$/, ''))
  }
  return {
    name: node.name,
    chef_type: 'node',
    json_class: 'Chef::Node',
    chef_environment: node.chefEnvironment,
    run_list: [...node.runList],
    normal: {},
    automatic: {...node.attributes, roles, recipes},
    default: {},
    override: {},
  }
}
