// Flag-value completion for bash. oclif's bash script (plugin-autocomplete 3.2) completes
// commands and flag names but never values; its zsh script does. pushy adds the missing step:
// after a flag that declares `options`, offer those options.

export interface CompletionCommand {
  id: string
  flags: Record<string, {char?: string; options?: readonly string[]; hidden?: boolean}>
}

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`

/** A bash fragment for the completion function: sets COMPREPLY and returns when the previous word takes values. */
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

  return [
    '  # pushy: complete the values of flags that declare options',
    '  if [[ $COMP_CWORD -ge 2 ]]; then',
    '    local __pushy_prev="${COMP_WORDS[COMP_CWORD-1]}" __pushy_values=""',
    '    local __pushy_cmd',
    '    __pushy_cmd="$(join_by ":" "${COMP_WORDS[@]:1:($COMP_CWORD - 2)}")"',
    '    case "$__pushy_cmd $__pushy_prev" in',
    ...cases,
    '    esac',
    '    if [[ -n "$__pushy_values" ]]; then',
    '      COMPREPLY=($(compgen -W "$__pushy_values" -- "$cur"))',
    '      return 0',
    '    fi',
    '  fi',
  ].join('\n')
}

/** The generated bash script with the value step inserted right after `COMPREPLY=()`. */
export function withValueCompletion(script: string, commands: readonly CompletionCommand[]): string {
  const anchor = /^(\s*COMPREPLY=\(\)\s*)$/m
  if (!anchor.test(script)) throw new Error('unexpected bash completion script: no COMPREPLY=() line to extend')
  return script.replace(anchor, `$1\n${bashValueCompletion(commands)}`)
}
