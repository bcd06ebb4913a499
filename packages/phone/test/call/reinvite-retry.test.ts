import { describe, expect, it } from 'vitest';
import { reInviteRetryDelay } from '../../src/call/phone-call.ts';

describe('when a refused hold or resume is sent again (RFC 3261 §14.1, §14.2)', () => {
  it('491 Request Pending: 2.1–4 s for the side that owns the Call-ID, 0–2 s for the other', () => {
    expect(reInviteRetryDelay(491, undefined, true, () => 0)).toBe(2100);
    expect(reInviteRetryDelay(491, undefined, true, () => 0.999999)).toBe(4000);
    expect(reInviteRetryDelay(491, undefined, false, () => 0)).toBe(0);
    expect(reInviteRetryDelay(491, undefined, false, () => 0.999999)).toBe(2000);
  });

  it('500 with Retry-After: that many seconds, capped at 10; comments after the value are ignored', () => {
    expect(reInviteRetryDelay(500, '3', true, Math.random)).toBe(3000);
    expect(reInviteRetryDelay(500, ' 7 (busy)', false, Math.random)).toBe(7000);
    expect(reInviteRetryDelay(500, '3600', true, Math.random)).toBe(10_000);
    expect(reInviteRetryDelay(500, '0', true, Math.random)).toBe(0);
  });

  it('never for 500 without Retry-After, a malformed Retry-After, or any other refusal', () => {
    expect(reInviteRetryDelay(500, undefined, true, Math.random)).toBeUndefined();
    expect(reInviteRetryDelay(500, 'soon', true, Math.random)).toBeUndefined();
    expect(reInviteRetryDelay(488, undefined, true, Math.random)).toBeUndefined();
    expect(reInviteRetryDelay(403, '5', true, Math.random)).toBeUndefined();
  });
});
