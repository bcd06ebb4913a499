#!/usr/bin/env node
// Bundles the Electron main process and the preload bridge for packaging:
//   dist/main/main.mjs       ESM, Node platform; `electron` stays external, workspace packages
//                            (@eims/phone) and npm dependencies are inlined.
//   dist/preload/preload.cjs CommonJS, one self-contained file: a sandboxed preload can require
//                            only `electron` and a few Node built-ins, never local modules.
// The renderer is built separately by Vite into dist/renderer.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV !== 'development';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22', // Electron 41 ships Node 24; node22 keeps the output conservative
  external: ['electron'],
  sourcemap: production ? false : 'inline',
  legalComments: 'eof',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

await rm(join(root, 'dist/main'), { recursive: true, force: true });
await rm(join(root, 'dist/preload'), { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'src/main/main.ts')],
    outfile: join(root, 'dist/main/main.mjs'),
    format: 'esm',
    // CommonJS dependencies bundled into ESM still call require(): give them Node's.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/preload/preload.ts')],
    outfile: join(root, 'dist/preload/preload.cjs'),
    format: 'cjs',
  }),
]);
console.log('Built dist/main/main.mjs and dist/preload/preload.cjs');
