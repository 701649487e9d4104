globalThis.oclif = {...globalThis.oclif, performanceEnabled: true}
