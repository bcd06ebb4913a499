import { describe, expect, it } from 'vitest';
import { readDesktopConfig } from '../../src/main/desktop-config.ts';

describe('desktop settings come from the environment, with the demo stack defaults (DESIGN.md)', () => {
  it('defaults point at the local demo: IdP on 4400, P-CSCF WebSocket on 5066, the IMS resource', () => {
    expect(readDesktopConfig({}, { packaged: false })).toEqual({
      ok: true,
      value: {
        issuer: 'http://localhost:4400',
        clientId: 'softphone',
        resource: 'https://ims.mnc001.mcc001.3gppnetwork.org',
        sipWebSocketUrl: 'ws://localhost:5066',
        imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org',
        helpUrlPrefixes: [],
      },
    });
  });

  it('follows the ports and issuer npm start was given, as the web app does (IDP_PORT, IMS_SIP_WS_PORT, SOFTPHONE_ISSUER)', () => {
    expect(readDesktopConfig({ IDP_PORT: '4411', IMS_SIP_WS_PORT: '5077' }, { packaged: false })).toMatchObject({ ok: true, value: { issuer: 'http://localhost:4411', sipWebSocketUrl: 'ws://localhost:5077' } });
    expect(readDesktopConfig({ SOFTPHONE_ISSUER: 'https://idp.acme.example', IDP_ISSUER: 'http://localhost:4400' }, { packaged: true })).toMatchObject({ ok: true, value: { issuer: 'https://idp.acme.example' } });
    expect(readDesktopConfig({ SOFTPHONE_ISSUER: 'http://idp.acme.example' }, { packaged: true })).toMatchObject({ ok: false, error: expect.stringContaining('SOFTPHONE_ISSUER must use TLS') });
  });

  it('a pilot configures TLS endpoints', () => {
    const r = readDesktopConfig({ IDP_ISSUER: 'https://idp.acme.example/', SOFTPHONE_SIP_WS_URL: 'wss://sbc.carrier.example/ws', IMS_DOMAIN: 'ims.carrier.example', SOFTPHONE_HELP_URLS: 'https://help.acme.example/phone/, ' }, { packaged: true });
    expect(r).toMatchObject({ ok: true, value: { issuer: 'https://idp.acme.example', sipWebSocketUrl: 'wss://sbc.carrier.example/ws', resource: 'https://ims.carrier.example', helpUrlPrefixes: ['https://help.acme.example/phone/'] } });
  });

  it('plain http or ws to another computer is refused: tokens travel only over TLS outside one machine', () => {
    expect(readDesktopConfig({ IDP_ISSUER: 'http://idp.acme.example' }, { packaged: true })).toMatchObject({ ok: false, error: expect.stringContaining('IDP_ISSUER must use TLS') });
    expect(readDesktopConfig({ SOFTPHONE_SIP_WS_URL: 'ws://sbc.carrier.example' }, { packaged: true })).toMatchObject({ ok: false, error: expect.stringContaining('SOFTPHONE_SIP_WS_URL') });
    expect(readDesktopConfig({ SOFTPHONE_SIP_WS_URL: 'https://sbc.carrier.example' }, { packaged: true }).ok).toBe(false);
    expect(readDesktopConfig({ IDP_ISSUER: 'nonsense' }, { packaged: true }).ok).toBe(false);
  });

  it('a dev server URL is honoured only in an unpackaged run', () => {
    expect(readDesktopConfig({ SOFTPHONE_DEV_URL: 'http://localhost:4500' }, { packaged: false })).toMatchObject({ ok: true, value: { devServerUrl: 'http://localhost:4500' } });
    const packaged = readDesktopConfig({ SOFTPHONE_DEV_URL: 'http://localhost:4500' }, { packaged: true });
    expect(packaged.ok && 'devServerUrl' in packaged.value).toBe(false);
    expect(readDesktopConfig({ SOFTPHONE_DEV_URL: 'http://evil.example' }, { packaged: false }).ok).toBe(false);
  });
});
