#!/usr/bin/env node
// The package's command: runs the TypeScript CLI through tsx (a dependency), with the arguments given.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = require.resolve('tsx');
const { status } = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
