import { describe, expect, it } from 'vitest';
import { IncomingCallNotifications, incomingCallContent, type NotificationContent, type NotificationLike } from '../../src/main/incoming-call-notification.ts';

class FakeNotification implements NotificationLike {
  shown = false;
  closed = false;
  #click: (() => void) | undefined;
  constructor(readonly content: NotificationContent) {}
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
  }
  on(_event: 'click', listener: () => void) {
    this.#click = listener;
  }
  click() {
    this.#click?.();
  }
}

function setup() {
  const created: FakeNotification[] = [];
  const clicked: string[] = [];
  const n = new IncomingCallNotifications((content) => {
    const f = new FakeNotification(content);
    created.push(f);
    return f;
  }, (callId) => clicked.push(callId));
  return { n, created, clicked };
}

describe('native notification for an incoming call', () => {
  it('names the caller, stays until handled, and leaves the ringing to the renderer', () => {
    expect(incomingCallContent({ callId: 'c1', caller: 'Alice Avery (+12025550101)', verified: 'verified' })).toEqual({
      title: 'Incoming call from Alice Avery (+12025550101)',
      body: 'Verified caller. Click to show the call.',
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
  });

  it('a failed verification is said plainly and never called verified (TR 23.700-87 6.X.2.5)', () => {
    const body = incomingCallContent({ callId: 'c1', caller: 'Bank', verified: 'failed' }).body;
    expect(body).toBe('Caller identity check failed. Click to show the call.');
    expect(incomingCallContent({ callId: 'c1', caller: 'Dave', verified: 'unverified' }).body).toBe('Unverified caller. Click to show the call.');
    expect(body).not.toMatch(/^Verified/);
    expect(incomingCallContent({ callId: 'c1', caller: 'Unknown' }).body).toBe('Click to show the call.');
  });

  it('clicking the notification shows that call and withdraws the notification', () => {
    const { n, created, clicked } = setup();
    n.show({ callId: 'c1', caller: 'Alice' });
    expect(created[0]?.shown).toBe(true);
    created[0]?.click();
    expect(clicked).toEqual(['c1']);
    expect(created[0]?.closed).toBe(true);
    expect(n.openCallIds).toEqual([]);
  });

  it('answering or a cancelled call withdraws it; a repeat for the same call replaces it', () => {
    const { n, created } = setup();
    n.show({ callId: 'c1', caller: 'Alice' });
    n.show({ callId: 'c1', caller: 'Alice Avery' });
    expect(created[0]?.closed).toBe(true);
    expect(n.openCallIds).toEqual(['c1']);
    n.dismiss('c1');
    expect(created[1]?.closed).toBe(true);
    n.dismiss('unknown');
  });

  it('a flood of calls keeps only the newest few notifications', () => {
    const { n, created } = setup();
    for (let i = 0; i < 10; i++) n.show({ callId: `c${i}`, caller: `Caller ${i}` });
    expect(n.openCallIds).toEqual(['c6', 'c7', 'c8', 'c9']);
    expect(created.filter((c) => c.closed)).toHaveLength(6);
  });
});
