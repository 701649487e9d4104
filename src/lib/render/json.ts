// `-F json` / `--json`: knife's to_json_pretty (2-space indent, source key order) plus the
// newline `puts` adds, so stdout holds exactly one JSON document.
export function renderJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`
}
