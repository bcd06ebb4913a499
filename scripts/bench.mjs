#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs every benchmark, or the named ones. A benchmark is a file
// `<part>/bench/<name>.bench.ts` (or test/bench/<name>.bench.ts); it prints what a person wants
// to see and one `BENCH {json}` line per result (see test/support/bench.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['test/bench', 'idp/bench', ...dirs('packages').map((p) => join('packages', p, 'bench')), ...dirs('apps').map((p) => join('apps', p, 'bench'))];
const all = roots.flatMap((root) =>
  existsSync(root) ? readdirSync(root).filter((f) => f.endsWith('.bench.ts')).map((f) => ({ name: f.slice(0, -'.bench.ts'.length), path: join(root, f) })) : [],
);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.map((b) => b.name).sort().join(', ') || 'none'}`);
  process.exit(2);
}
const chosen = wanted.length > 0 ? all.filter((b) => wanted.includes(b.name)) : all;
let failed = 0;
for (const b of chosen) {
  console.log(`\n=== bench ${b.name} (${b.path})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', b.path], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${b.name} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);

function dirs(root) {
  return existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
}
