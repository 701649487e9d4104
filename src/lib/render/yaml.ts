// `-F yaml`: like Ruby's YAML.dump, which starts every document with `---` and does not
// indent a sequence under its key.
import yaml from 'js-yaml'

const isCollection = (value: unknown): boolean => typeof value === 'object' && value !== null

export function renderYaml(data: unknown): string {
  const body = yaml.dump(data ?? null, {noRefs: true, lineWidth: -1, noArrayIndent: true})
  // Ruby writes block collections below the marker and scalars or empty collections on it:
  // `---\na: 1\n`, but `--- foo\n` and `--- {}\n`.
  const block = isCollection(data) && Object.keys(data as object).length > 0
  return block ? `---\n${body}` : `--- ${body}`
}
