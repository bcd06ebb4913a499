import { describe, expect, it } from 'vitest';
import { resolveDialTarget } from '../../src/call/dial-target.ts';

const HOME = 'ims.example';
const directory = { lookup: async (name: string) => (name === 'Carol Chen' ? 'sip:carol@acme.example' : undefined) };

describe('what was typed in "Number or name" becomes a call target', () => {
  it('E.164 with separators, 3PIDs with or without the scheme, and names from the directory', async () => {
    expect(await resolveDialTarget(' +1 (202) 555-0101 ', HOME)).toEqual({ ok: true, value: { uri: 'sip:+12025550101@ims.example;user=phone', display: '+12025550101' } });
    expect(await resolveDialTarget('bob@ACME.example', HOME)).toEqual({ ok: true, value: { uri: 'sip:bob@acme.example', display: 'bob@acme.example' } });
    expect(await resolveDialTarget('sips:bob@acme.example', HOME)).toMatchObject({ ok: true, value: { uri: 'sips:bob@acme.example' } });
    expect(await resolveDialTarget('Carol Chen', HOME, directory)).toEqual({ ok: true, value: { uri: 'sip:carol@acme.example', display: 'Carol Chen' } });
  });

  it('explains what is wrong otherwise', async () => {
    expect(await resolveDialTarget('', HOME)).toMatchObject({ ok: false, error: { message: 'Enter a number or a name.' } });
    expect(await resolveDialTarget('2025550101', HOME)).toMatchObject({ ok: false, error: { message: expect.stringContaining('international') } });
    expect(await resolveDialTarget('Zed', HOME, directory)).toMatchObject({ ok: false, error: { message: expect.stringContaining('No colleague') } });
    expect(await resolveDialTarget('Zed', HOME)).toMatchObject({ ok: false });
  });
});
