import { describe, expect, it } from 'vitest';
import { clickToCallFromArgv, protocolClientRegistrations } from '../../src/main/click-to-call.ts';

describe('click-to-call from the command line of a first or second instance', () => {
  it('a tel: link clicked in a browser becomes an E.164 dial target (RFC 3966)', () => {
    expect(clickToCallFromArgv(['/opt/Softphone/softphone', '--no-sandbox', 'tel:+1-202-555-0102'])).toEqual({ ok: true, target: { kind: 'e164', number: '+12025550102', display: '+1-202-555-0102' } });
  });

  it('a sip: link keeps only what a call needs (RFC 3261 §19.1)', () => {
    expect(clickToCallFromArgv(['softphone', 'sip:bob@acme.example?Route=%3Csip:evil.example%3E'])).toEqual({ ok: true, target: { kind: 'sip', uri: 'sip:bob@acme.example', display: 'bob@acme.example' } });
  });

  it('no link means no call; a bad link is reported, not dialled', () => {
    expect(clickToCallFromArgv(['softphone', '--flag'])).toBeUndefined();
    expect(clickToCallFromArgv(['softphone', 'tel:12345'])).toEqual({ ok: false, error: 'a local number needs a phone-context' });
  });

  it('registers for sip: and tel:, passing the script path when run as `electron main.mjs`', () => {
    expect(protocolClientRegistrations({ defaultApp: false, execPath: '/opt/Softphone/softphone', argv: ['/opt/Softphone/softphone'] })).toEqual([
      { scheme: 'sip', args: ['sip'] },
      { scheme: 'tel', args: ['tel'] },
    ]);
    expect(protocolClientRegistrations({ defaultApp: true, execPath: '/usr/bin/electron', argv: ['/usr/bin/electron', '/src/dist/main/main.mjs'] })[1]).toEqual({ scheme: 'tel', args: ['tel', '/usr/bin/electron', ['/src/dist/main/main.mjs']] });
  });
});
