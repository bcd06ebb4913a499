// Lint rules, including the import boundaries of STYLE.md:
// packages/* use neither Electron nor the DOM, the renderer uses no node:* module,
// and protocol code (parsers, state machines) does no I/O and reads no clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const domGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'HTMLElement', 'navigator', 'location'];
const ioModules = ['node:net', 'node:tls', 'node:dgram', 'node:fs', 'node:fs/promises', 'node:http', 'node:http2', 'node:https', 'ws', 'better-sqlite3'];
const clockGlobals = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate'];

/** Folders whose code is pure protocol logic: bytes in, values out, time passed in. */
export const pureProtocolFolders = [
  'packages/sip/src/message/**/*.ts',
  'packages/sip/src/parser/**/*.ts',
  'packages/sip/src/uri/**/*.ts',
  'packages/sip/src/headers/**/*.ts',
  'packages/sip/src/transaction/**/*.ts',
  'packages/stir/src/passport/**/*.ts',
  'packages/stir/src/identity/**/*.ts',
  'packages/stir/src/rcd/**/*.ts',
  'packages/stir/src/verify/**/*.ts',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['packages/**/*.ts', 'idp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'packages/* and idp/ must not depend on Electron (STYLE.md).' }] }],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: 'No DOM globals outside the renderer (STYLE.md).' }))],
    },
  },
  {
    files: pureProtocolFolders,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'packages/* must not depend on Electron (STYLE.md).' },
          ...ioModules.map((name) => ({ name, message: 'Protocol code is pure: no I/O here; a driver owns sockets and files (STYLE.md).' })),
        ],
      }],
      'no-restricted-globals': ['error',
        ...domGlobals.map((name) => ({ name, message: 'No DOM globals outside the renderer (STYLE.md).' })),
        ...clockGlobals.map((name) => ({ name, message: 'Protocol code is pure: timers are actions returned to a driver (STYLE.md).' })),
      ],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Protocol code is pure: take `now` as an input (STYLE.md).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Protocol code is pure: take `now` as an input (STYLE.md).' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Protocol code is pure: randomness is an input (STYLE.md).' },
      ],
    },
  },
  {
    files: ['apps/*/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The renderer reaches Electron only through the preload bridge.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'The renderer imports no node:* module (STYLE.md).' })),
        ],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
