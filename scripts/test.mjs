#!/usr/bin/env node
// `npm test`: every check the project has, in order: types, lint, unit and integration tests
// (Vitest), browser tests (Playwright with Debian's Chromium). Prints one closing line
// "N passed, N failed, N skipped" and exits non-zero when anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failures.push(`${name} (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    failures.push(`could not read ${path}: ${error.message}`);
    return undefined;
  }
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('typecheck (renderer, DOM types)', 'npx', ['tsc', '-p', 'apps/softphone/src/renderer/tsconfig.json']);
step('typecheck (renderer screen tests, DOM types)', 'npx', ['tsc', '-p', 'apps/softphone/test/renderer/tsconfig.json']);
step('lint', 'npx', ['eslint', '.']);

const vitestJson = `${results}/vitest.json`;
rmSync(vitestJson, { force: true });
step('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}

const pwJson = `${results}/playwright.json`;
rmSync(pwJson, { force: true });
step('browser tests', 'npx', ['playwright', 'test']);
const p = readJson(pwJson);
if (p?.stats) {
  totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  totals.failed += p.stats.unexpected ?? 0;
  totals.skipped += p.stats.skipped ?? 0;
}

if (totals.passed + totals.failed === 0) failures.push('no test ran');
console.log('');
for (const f of failures) console.log(`FAILED: ${f}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
