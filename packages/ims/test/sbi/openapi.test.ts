// The OpenAPI 3.1 documents beside the code describe exactly the routes the SBI serves.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IF1_ERRORS } from '../../src/eds/if1-errors.ts';
import { startTestIms, type TestIms } from '../support/ims-fixture.ts';

const documents = {
  '/bss/': '../../src/bss/openapi.json',
  '/if1/': '../../src/eds/if1.openapi.json',
  '/if2/': '../../src/eds/if2.openapi.json',
} as const;

describe('SBI OpenAPI documents', () => {
  let ims: TestIms;
  beforeAll(async () => {
    ims = await startTestIms();
  });
  afterAll(async () => ims?.stop());

  it.each(Object.entries(documents))('the routes under %s match %s', (prefix, file) => {
    const doc = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
    const served = ims.router.routes().filter((r) => r.path.startsWith(prefix)).map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('IF1 documents every error code of the token matrix', () => {
    const text = readFileSync(new URL(documents['/if1/'], import.meta.url), 'utf8');
    for (const code of Object.keys(IF1_ERRORS)) expect(text).toContain(code);
  });
});
