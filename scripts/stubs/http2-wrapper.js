// Stands in for http2-wrapper in the bundle. got reaches it only when its `http2` option is on,
// which pushy never sets (Chef servers speak HTTP/1.1 to knife too); loading the real package
// costs every command ~15 ms (it loads node:http2 and builds agents at import).
const unavailable = () => {
  throw new Error("HTTP/2 is not part of pushy's build (got's http2 option is never set)")
}
export default {
  get auto() {
    return unavailable()
  },
  get globalAgent() {
    return unavailable()
  },
}
