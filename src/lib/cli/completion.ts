// Flag-value completion for bash. oclif's bash script (plugin-autocomplete 3.2) completes
// commands and flag names but never values; its zsh script does. pushy adds the missing step:
// after a flag that declares `options`, offer those options; and where a job id goes, `last`.

export interface CompletionCommand {
  id: string
  flags: Record<string, {char?: string; options?: readonly string[]; hidden?: boolean}>
  /** its first argument is a job id, which may be `last` */
  jobArgument?: boolean
}

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`

/**
 * A bash fragment run just before the function's final compgen: it fixes `opts` for the two
 * cases oclif's script misses — flag names after positional arguments (oclif matches the typed
 * words exactly, so `job output ID --ch` found nothing) and the values of flags with options.
 */
export function bashValueCompletion(commands: readonly CompletionCommand[]): string {
  const cases: string[] = []
  for (const command of [...commands].sort((a, b) => b.id.length - a.id.length)) {
    for (const [name, flag] of Object.entries(command.flags)) {
      if (!flag.options || flag.options.length === 0 || flag.hidden) continue
      const spellings = [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])]
      // The words between the bin and the flag may include arguments: match the command as a prefix.
      const patterns = spellings.map((spelling) => `${quote(command.id)}*${quote(` ${spelling}`)}`).join('|')
      cases.push(`      ${patterns}) __pushy_values=${quote(flag.options.join(' '))} ;;`)
    }
  }

  const jobCommands = commands.filter((command) => command.jobArgument).map((command) => quote(command.id))
  const lastForJobs =
    jobCommands.length === 0
      ? []
      : [
          '  # pushy: `last` where a job id goes (the word right after the command)',
          '  if [[ "$cur" != -* ]]; then',
          '    case "$(join_by ":" "${COMP_WORDS[@]:1:($COMP_CWORD - 1)}")" in',
          `      ${jobCommands.join('|')}) opts='last' ;;`,
          '    esac',
          '  fi',
        ]
  return [
    ...lastForJobs,
    '  # pushy: flag names after arguments, and flag values',
    '  if [[ "$cur" == -* && -z "$opts" ]]; then',
    '    local __pushy_typed __pushy_line __pushy_id __pushy_best=""',
    '    __pushy_typed="$(join_by ":" "${COMP_WORDS[@]:1:($COMP_CWORD - 1)}")"',
    '    while IFS= read -r __pushy_line; do',
    '      __pushy_id="${__pushy_line%% *}"',
    '      if [[ -n "$__pushy_id" && "$__pushy_typed:" == "$__pushy_id:"* && ${#__pushy_id} -gt ${#__pushy_best} ]]; then',
    '        __pushy_best="$__pushy_id"',
    '        opts="${__pushy_line#"$__pushy_id"}"',
    '      fi',
    '    done <<< "$commands"',
    '  fi',
    '  if [[ $COMP_CWORD -ge 2 ]]; then',
    '    local __pushy_prev="${COMP_WORDS[COMP_CWORD-1]}" __pushy_values="" __pushy_cmd',
    '    __pushy_cmd="$(join_by ":" "${COMP_WORDS[@]:1:($COMP_CWORD - 2)}")"',
    '    case "$__pushy_cmd $__pushy_prev" in',
    ...cases,
    '    esac',
    '    if [[ -n "$__pushy_values" ]]; then opts="$__pushy_values"; fi',
    '  fi',
  ].join('\n')
}

/** The generated bash script with the fragment inserted before its final `COMPREPLY=($(compgen …))`. */
export function withValueCompletion(script: string, commands: readonly CompletionCommand[]): string {
  const anchor = /^(\s*COMPREPLY=\(\$\(compgen -W "\$opts".*)$/m
  if (!anchor.test(script)) throw new Error('unexpected bash completion script: no final compgen line to extend')
  return script.replace(anchor, `${bashValueCompletion(commands)}\n$1`)
}
