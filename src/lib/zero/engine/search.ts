// Fleet nodes as the Chef node objects search returns. On a real node, chef-client reports the
// expanded run list in the automatic attributes `roles` and `recipes`; fleet nodes never ran it,
// so they are set here from the run list the way a run would (docs/local-search.md says so):
// `recipes` lists `nginx` and `nginx::default` for `recipe[nginx]`, versions dropped. Zero has no
// role definitions, so roles are not expanded further. (`role:` and `recipe:` are another thing:
// the search index takes them from the run list as written; see search/document.ts.)
import type {FleetNode, NodeObject} from '../types.js'
import {runListEntries} from '../search/document.js'

/** A chef-client run's `recipes`: each name, plus `::default` for a cookbook name alone. */
export function expandedRecipes(runList: string[]): string[] {
  return runListEntries(runList, 'recipe').flatMap((entry) => {
    const name = entry.replace(/@.*$/, '')
    return name.includes('::') ? [name] : [name, `${name}::default`]
  })
}

export function nodeObject(node: FleetNode): NodeObject {
  return {
    name: node.name,
    chef_type: 'node',
    json_class: 'Chef::Node',
    chef_environment: node.chefEnvironment,
    run_list: [...node.runList],
    normal: {},
    // the fleet file's own `roles`/`recipes` attributes, if any, win: they say what a run reported
    automatic: {roles: runListEntries(node.runList, 'role'), recipes: expandedRecipes(node.runList), ...node.attributes},
    default: {},
    override: {},
  }
}
