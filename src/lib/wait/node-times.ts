// How long each node ran the command, as seen while following a job: from its move to `running`
// to its move out of it, on the wait's clock (JUnit's per-node `time`). Nodes pushy did not see
// start and end (a job attached to after they ran, polling that missed the moment) have no time.
import type {NodeTransition} from './tracker.js'

export class NodeTimes {
  readonly #started = new Map<string, number>()
  readonly #seconds = new Map<string, number>()

  /** The transitions of one update, which happened by `elapsedMs` into the wait. */
  apply(transitions: readonly NodeTransition[], elapsedMs: number): void {
    for (const {node, from, to} of transitions) {
      if (to === 'running') this.#started.set(node, elapsedMs)
      else if (from === 'running') {
        const started = this.#started.get(node)
        if (started !== undefined) this.#seconds.set(node, (elapsedMs - started) / 1000)
      }
    }
  }

  /** Seconds by node name, for the nodes seen both starting and ending their run. */
  get seconds(): ReadonlyMap<string, number> {
    return this.#seconds
  }
}
