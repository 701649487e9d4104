// The --version floor: node reading package.json and printing pushy's version line.
// usage: node version.mjs PACKAGE_JSON
import {readFileSync} from 'node:fs'

const pjson = JSON.parse(readFileSync(process.argv[2], 'utf8'))
process.stdout.write(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`)
