// The in-call controls rendered to HTML (react-dom/server): a hold or resume in progress (it may
// wait seconds for a retry, RFC 3261 §14) says so and disables "Hold" until it is settled.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PhoneCall } from '@eims/phone';
import type { PhoneController } from '../../../src/renderer/phone/phone-controller.ts';
import { ActiveCall } from '../../../src/renderer/ui/active-call.tsx';
import { PhoneContext } from '../../../src/renderer/ui/use-phone.ts';

function render(call: Partial<PhoneCall>): string {
  const full = {
    direction: 'outgoing', state: 'connected', connectedAt: Date.now(), muted: false, held: false, holdChange: undefined,
    remote: { uri: 'tel:+12025550102', number: '+12025550102', name: 'Bob Baker', state: 'unverified', verstat: undefined },
    ...call,
  } as unknown as PhoneCall;
  const controller = {} as PhoneController;
  return renderToStaticMarkup(createElement(PhoneContext.Provider, { value: controller }, createElement(ActiveCall, { call: full, keypadOpen: false, onToggleKeypad: () => undefined })));
}

const holdButton = (html: string) => /<button[^>]*aria-keyshortcuts="Alt\+H"[^>]*>Hold<\/button>/.exec(html)?.[0] ?? '';

describe('the in-call screen while a hold or resume is negotiated', () => {
  it('settled: "Hold" is enabled, pressed only when held, and "On hold" shows when held', () => {
    expect(holdButton(render({}))).not.toContain('disabled');
    expect(holdButton(render({}))).toContain('aria-pressed="false"');
    const held = render({ held: true });
    expect(holdButton(held)).toContain('aria-pressed="true"');
    expect(held).toContain('On hold');
  });

  it('holding: a status says so, "Hold" is busy and disabled', () => {
    const html = render({ holdChange: 'holding' });
    expect(html).toMatch(/role="status"[^>]*>Putting the call on hold…/);
    expect(holdButton(html)).toContain('aria-busy="true"');
    expect(holdButton(html)).toContain('disabled');
  });

  it('resuming: the status says "Resuming the call…" instead of "On hold"', () => {
    const html = render({ held: true, holdChange: 'resuming' });
    expect(html).toContain('Resuming the call…');
    expect(html).not.toContain('>On hold<');
    expect(holdButton(html)).toContain('disabled');
  });
});
