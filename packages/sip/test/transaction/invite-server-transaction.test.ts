import { describe, expect, it } from 'vitest';
import { InviteServerTransaction } from '../../src/transaction/invite-server-transaction.ts';
import { request, response, summary } from './fixtures.ts';

const invite = request('INVITE');
const ack = request('ACK', { toTag: 'a6c85cf' });

describe('INVITE server transaction (RFC 3261 §17.2.1, figure 7)', () => {
  it('sends 100 Trying when the TU has not answered within 200 ms, and repeats it for a retransmitted INVITE', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false });
    expect(summary(tx.start(0))).toEqual(['deliver INVITE', 'start Trying 200']);
    expect(summary(tx.handle({ type: 'timer', timer: 'Trying' }, 200))).toEqual(['send 100']);
    expect(summary(tx.handle({ type: 'request', request: invite }, 500))).toEqual(['send 100']);
    expect(tx.state).toBe('Proceeding');
  });

  it('sends no 100 when the TU answers within 200 ms', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 180) }, 50))).toEqual(['stop Trying', 'send 180']);
    expect(tx.handle({ type: 'timer', timer: 'Trying' }, 200)).toEqual([]);
    expect(summary(tx.handle({ type: 'request', request: invite }, 500))).toEqual(['send 180']);
  });

  it('a stateful proxy sends 100 Trying at once (option trying: immediate, §16.2)', () => {
    const tx = new InviteServerTransaction(invite, { reliable: true, trying: 'immediate' });
    expect(summary(tx.start(0))).toEqual(['deliver INVITE', 'send 100']);
  });

  it('a 2xx from the TU is sent and ends the transaction (§17.2.1)', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false, trying: 'never' });
    expect(summary(tx.start(0))).toEqual(['deliver INVITE']);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 200) }, 5))).toEqual(['send 200', 'terminated']);
  });

  it('a non-2xx final response enters Completed and is retransmitted on Timer G (T1 doubling up to T2) until the ACK', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false, trying: 'never' });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 486) }, 0))).toEqual(['send 486', 'start G 500', 'start H 32000']);
    expect(tx.state).toBe('Completed');
    const intervals: string[] = [];
    let now = 500;
    for (let i = 0; i < 5; i++) {
      const actions = summary(tx.handle({ type: 'timer', timer: 'G' }, now));
      intervals.push(actions.join(','));
      now += Number(actions[1]?.split(' ')[2]);
    }
    expect(intervals).toEqual(['send 486,start G 1000', 'send 486,start G 2000', 'send 486,start G 4000', 'send 486,start G 4000', 'send 486,start G 4000']);
    // A retransmitted INVITE gets the final response again.
    expect(summary(tx.handle({ type: 'request', request: invite }, now))).toEqual(['send 486']);
    expect(summary(tx.handle({ type: 'request', request: ack }, now))).toEqual(['stop G', 'stop H', 'start I 5000']);
    expect(tx.state).toBe('Confirmed');
    expect(tx.handle({ type: 'request', request: ack }, now + 1)).toEqual([]);
    expect(tx.handle({ type: 'request', request: invite }, now + 1)).toEqual([]);
    expect(summary(tx.handle({ type: 'timer', timer: 'I' }, now + 5000))).toEqual(['terminated']);
  });

  it('Timer H fires when no ACK arrives: timeout to the TU (§17.2.1)', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false, trying: 'never' });
    tx.start(0);
    tx.handle({ type: 'respond', response: response(invite, 500) }, 0);
    expect(summary(tx.handle({ type: 'timer', timer: 'H' }, 32000))).toEqual(['timeout', 'terminated']);
  });

  it('over TCP there is no Timer G and Timer I is 0: the ACK terminates at once (§17.2.1)', () => {
    const tx = new InviteServerTransaction(invite, { reliable: true, trying: 'never' });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 404) }, 0))).toEqual(['send 404', 'start H 32000']);
    expect(summary(tx.handle({ type: 'request', request: ack }, 10))).toEqual(['stop H', 'terminated']);
  });

  it('a transport error while sending a response informs the TU and terminates (§17.2.4)', () => {
    const a = new InviteServerTransaction(invite, { reliable: false });
    a.start(0);
    expect(summary(a.handle({ type: 'transportError' }, 1))).toEqual(['transportError', 'terminated']);
    const b = new InviteServerTransaction(invite, { reliable: false });
    b.start(0);
    b.handle({ type: 'respond', response: response(invite, 603) }, 1);
    expect(summary(b.handle({ type: 'transportError' }, 2))).toEqual(['transportError', 'terminated']);
  });
});

describe('INVITE server transaction with the Accepted state (RFC 6026 §7.1)', () => {
  it('a 2xx enters Accepted: INVITE retransmissions are absorbed, the TU may resend the 2xx, ACK reaches the TU, Timer L ends it', () => {
    const tx = new InviteServerTransaction(invite, { reliable: false, trying: 'never', rfc6026: true });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 200) }, 0))).toEqual(['send 200', 'start L 32000']);
    expect(tx.state).toBe('Accepted');
    expect(tx.handle({ type: 'request', request: invite }, 500)).toEqual([]);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 200) }, 500))).toEqual(['send 200']);
    expect(summary(tx.handle({ type: 'request', request: ack }, 600))).toEqual(['deliver ACK']);
    expect(summary(tx.handle({ type: 'timer', timer: 'L' }, 32000))).toEqual(['terminated']);
  });

  it('Timer L is 64·T1 even over TCP (RFC 6026 §8.11)', () => {
    const tx = new InviteServerTransaction(invite, { reliable: true, trying: 'never', rfc6026: true });
    tx.start(0);
    expect(summary(tx.handle({ type: 'respond', response: response(invite, 200) }, 0))).toEqual(['send 200', 'start L 32000']);
  });
});
