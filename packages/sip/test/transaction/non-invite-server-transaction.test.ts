import { describe, expect, it } from 'vitest';
import { NonInviteServerTransaction } from '../../src/transaction/non-invite-server-transaction.ts';
import { request, response, summary } from './fixtures.ts';

const register = request('REGISTER');

describe('non-INVITE server transaction (RFC 3261 §17.2.2, figure 8)', () => {
  it('Trying discards retransmissions; Proceeding answers them with the last provisional response', () => {
    const tx = new NonInviteServerTransaction(register, { reliable: false });
    expect(summary(tx.start(0))).toEqual(['deliver REGISTER']);
    expect(tx.handle({ type: 'request', request: register }, 500)).toEqual([]);
    expect(summary(tx.handle({ type: 'respond', response: response(register, 100) }, 600))).toEqual(['send 100']);
    expect(tx.state).toBe('Proceeding');
    expect(summary(tx.handle({ type: 'request', request: register }, 1500))).toEqual(['send 100']);
  });

  it('a final response enters Completed for Timer J = 64·T1 over UDP, answering retransmissions and discarding other finals', () => {
    const tx = new NonInviteServerTransaction(register, { reliable: false });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(register, 200) }, 0))).toEqual(['send 200', 'start J 32000']);
    expect(tx.state).toBe('Completed');
    expect(summary(tx.handle({ type: 'request', request: register }, 500))).toEqual(['send 200']);
    expect(tx.handle({ type: 'respond', response: response(register, 500) }, 600)).toEqual([]);
    expect(summary(tx.handle({ type: 'timer', timer: 'J' }, 32000))).toEqual(['terminated']);
  });

  it('Timer J is 0 over TCP (§17.2.2)', () => {
    const tx = new NonInviteServerTransaction(register, { reliable: true });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(register, 200) }, 0))).toEqual(['send 200', 'terminated']);
  });

  it('a transport error informs the TU (§17.2.4)', () => {
    const tx = new NonInviteServerTransaction(register, { reliable: false });
    tx.start(0);
    tx.handle({ type: 'respond', response: response(register, 200) }, 0);
    expect(summary(tx.handle({ type: 'transportError' }, 1))).toEqual(['transportError', 'terminated']);
  });
});
