#!/usr/bin/env node
// `ims` command: the emulator's operator CLI (same as `node --import tsx packages/ims/src/cli/main.ts`).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
