#!/usr/bin/env node
// `idp` command: starts the enterprise IdP (same as `node --import tsx idp/src/main.ts`).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
