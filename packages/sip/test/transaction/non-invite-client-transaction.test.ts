import { describe, expect, it } from 'vitest';
import { NonInviteClientTransaction } from '../../src/transaction/non-invite-client-transaction.ts';
import { request, response, summary } from './fixtures.ts';

describe('non-INVITE client transaction (RFC 3261 §17.1.2, figure 6)', () => {
  it('Timer E doubles from T1 and is capped at T2; Timer F = 64·T1 times out (§17.1.2.2)', () => {
    const tx = new NonInviteClientTransaction(request('REGISTER'), { reliable: false });
    expect(summary(tx.handle({ type: 'start' }, 0))).toEqual(['send REGISTER', 'start E 500', 'start F 32000']);
    const intervals: number[] = [];
    let now = 500;
    for (let i = 0; i < 6; i++) {
      const actions = tx.handle({ type: 'timer', timer: 'E' }, now);
      expect(summary(actions)[0]).toBe('send REGISTER');
      const start = actions[1];
      if (start?.type !== 'startTimer') throw new Error('expected Timer E to be re-armed');
      intervals.push(start.ms);
      now += start.ms;
    }
    expect(intervals).toEqual([1000, 2000, 4000, 4000, 4000, 4000]);
    expect(summary(tx.handle({ type: 'timer', timer: 'F' }, 32000))).toEqual(['timeout', 'terminated']);
  });

  it('in Proceeding Timer E is reset to T2 (§17.1.2.2)', () => {
    const req = request('OPTIONS');
    const tx = new NonInviteClientTransaction(req, { reliable: false });
    tx.handle({ type: 'start' }, 0);
    expect(summary(tx.handle({ type: 'response', response: response(req, 100) }, 100))).toEqual(['deliver 100']);
    expect(tx.state).toBe('Proceeding');
    expect(summary(tx.handle({ type: 'timer', timer: 'E' }, 500))).toEqual(['send OPTIONS', 'start E 4000']);
    expect(summary(tx.handle({ type: 'timer', timer: 'F' }, 32000))).toEqual(['timeout', 'terminated']);
  });

  it('a final response is delivered once, Completed absorbs retransmissions until Timer K = T4 over UDP (§17.1.2.2)', () => {
    const req = request('OPTIONS');
    const tx = new NonInviteClientTransaction(req, { reliable: false });
    tx.handle({ type: 'start' }, 0);
    expect(summary(tx.handle({ type: 'response', response: response(req, 200) }, 50))).toEqual(['stop E', 'stop F', 'deliver 200', 'start K 5000']);
    expect(tx.state).toBe('Completed');
    expect(tx.handle({ type: 'response', response: response(req, 200) }, 60)).toEqual([]);
    expect(tx.handle({ type: 'timer', timer: 'E' }, 500)).toEqual([]);
    expect(summary(tx.handle({ type: 'timer', timer: 'K' }, 5050))).toEqual(['terminated']);
  });

  it('over TCP there is no Timer E and Timer K is 0 (§17.1.2.2)', () => {
    const req = request('OPTIONS');
    const tx = new NonInviteClientTransaction(req, { reliable: true });
    expect(summary(tx.handle({ type: 'start' }, 0))).toEqual(['send OPTIONS', 'start F 32000']);
    expect(summary(tx.handle({ type: 'response', response: response(req, 404) }, 3))).toEqual(['stop F', 'deliver 404', 'terminated']);
  });

  it('a transport error in Trying or Proceeding informs the TU (§17.1.4)', () => {
    const req = request('OPTIONS');
    const a = new NonInviteClientTransaction(req, { reliable: false });
    a.handle({ type: 'start' }, 0);
    expect(summary(a.handle({ type: 'transportError' }, 1))).toEqual(['transportError', 'terminated']);
    const b = new NonInviteClientTransaction(req, { reliable: false });
    b.handle({ type: 'start' }, 0);
    b.handle({ type: 'response', response: response(req, 100) }, 1);
    expect(summary(b.handle({ type: 'transportError' }, 2))).toEqual(['transportError', 'terminated']);
  });
});
