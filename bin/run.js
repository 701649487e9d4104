#!/usr/bin/env node
// Kept tiny on purpose: start-up time is a feature (see bench/startup).
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
