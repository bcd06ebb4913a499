#!/usr/bin/env node
// `npm start`: the demo stack. Starts each part as its own process (so one crash is visible and
// the others keep serving), prefixes their output with the part's name, and stops them all on
// Ctrl-C. Each part prints its own listeners and demo credentials.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const parts = [
  { name: 'idp', entry: 'idp/src/main.ts' },
  { name: 'ims', entry: 'packages/ims/src/main.ts' },
  // The web softphone on http://localhost:4500 (builds its renderer first when the sources changed).
  { name: 'softphone', entry: 'apps/softphone/scripts/serve-web.mjs' },
].filter((p) => existsSync(p.entry));

// The IdP pushes security events (employee disabled, signed out everywhere) to the EDS's receiver
// on the emulator's console listener, unless the environment says otherwise.
const env = { ...process.env };
env.IDP_SET_RECEIVERS ??= `http://localhost:${env.IMS_CONSOLE_PORT ?? 4600}/eds/ssf/events`;

const children = new Map();
let stopping = false;

for (const part of parts) {
  const child = spawn(process.execPath, ['--import', 'tsx', part.entry], { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.set(part.name, child);
  prefix(child.stdout, part.name, process.stdout);
  prefix(child.stderr, part.name, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(part.name);
    if (!stopping) {
      console.error(`[${part.name}] stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the demo stack.`);
      stop(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
}

function prefix(stream, name, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
  stream.on('end', () => pending && out.write(`[${name}] ${pending}\n`));
}
