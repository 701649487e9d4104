// Injected by scripts/bundle.js in place of `Intl.ListFormat` (esbuild `define` + `inject`).
// Why: got's dependency @sindresorhus/is creates two `new Intl.ListFormat('en')` when it loads;
// setting up ICU's list formatter costs ~12 ms of every start-up, and they only format the
// message of a failed type assertion. This one creates the real formatter on first use.
export class LazyListFormat {
  #args
  #real
  constructor(...args) {
    this.#args = args
  }
  #formatter() {
    // globalThis.Intl, not Intl: `define` rewrites every `Intl.ListFormat` in the bundle
    return (this.#real ??= new globalThis.Intl.ListFormat(...this.#args))
  }
  format(list) {
    return this.#formatter().format(list)
  }
  formatToParts(list) {
    return this.#formatter().formatToParts(list)
  }
  resolvedOptions() {
    return this.#formatter().resolvedOptions()
  }
}
