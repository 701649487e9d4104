// One chalk instance per render call, chosen by the resolved --color flag. Global chalk
// auto-detects the terminal, which would make renderers depend on the process they run in.
import {Chalk, type ChalkInstance} from 'chalk'

const plain = new Chalk({level: 0})
const basic = new Chalk({level: 1})

export function palette(color: boolean): ChalkInstance {
  return color ? basic : plain
}

type Paint = (chalk: ChalkInstance, text: string) => string

const good: Paint = (c, t) => c.green(t)
const bad: Paint = (c, t) => c.red(t)
const meh: Paint = (c, t) => c.yellow(t)
const busy: Paint = (c, t) => c.blue(t)

// Job states, node states and availability share one vocabulary of colours.
const STATUS_PAINT: Record<string, Paint> = {
  complete: good,
  succeeded: good,
  available: good,
  online: good,
  failed: bad,
  crashed: bad,
  timed_out: bad,
  aborted: bad,
  quorum_failed: bad,
  nacked: meh,
  unavailable: meh,
  was_ready: meh,
  offline: meh,
  new: busy,
  ready: busy,
  voting: busy,
  running: busy,
}

/** `text` painted in the colour of status word `status` (unchanged when color is off or the word is unknown). */
export function paintStatus(chalk: ChalkInstance, status: string, text: string = status): string {
  const paint = STATUS_PAINT[status]
  return paint ? paint(chalk, text) : text
}
