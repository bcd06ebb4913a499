import { describe, expect, it } from 'vitest';
import { getHeader, getHeaders } from '../../src/message/sip-message.ts';
import { InviteClientTransaction, inviteClientTable } from '../../src/transaction/invite-client-transaction.ts';
import { request, response, summary } from './fixtures.ts';

const udp = { reliable: false };
const tcp = { reliable: true };

describe('INVITE client transaction (RFC 3261 §17.1.1, figure 5)', () => {
  it('starts in Calling, sends the INVITE and arms Timer A = T1 and Timer B = 64·T1 over UDP (§17.1.1.2)', () => {
    const tx = new InviteClientTransaction(request('INVITE'), udp);
    expect(tx.state).toBe('Calling');
    const actions = tx.handle({ type: 'start' }, 1000);
    expect(summary(actions)).toEqual(['send INVITE', 'start A 500', 'start B 32000']);
    expect(actions[1]).toMatchObject({ at: 1500 });
  });

  it('retransmits at A = T1, 2·T1, 4·T1 over UDP and stops at Timer B with a timeout (§17.1.1.2)', () => {
    const tx = new InviteClientTransaction(request('INVITE'), udp);
    tx.handle({ type: 'start' }, 0);
    expect(summary(tx.handle({ type: 'timer', timer: 'A' }, 500))).toEqual(['send INVITE', 'start A 1000']);
    expect(summary(tx.handle({ type: 'timer', timer: 'A' }, 1500))).toEqual(['send INVITE', 'start A 2000']);
    expect(summary(tx.handle({ type: 'timer', timer: 'A' }, 3500))).toEqual(['send INVITE', 'start A 4000']);
    expect(summary(tx.handle({ type: 'timer', timer: 'A' }, 7500))).toEqual(['send INVITE', 'start A 8000']);
    expect(summary(tx.handle({ type: 'timer', timer: 'B' }, 32000))).toEqual(['timeout', 'terminated']);
    expect(tx.state).toBe('Terminated');
    expect(tx.handle({ type: 'timer', timer: 'A' }, 32001)).toEqual([]);
  });

  it('uses the configured T1 for Timers A and B', () => {
    const tx = new InviteClientTransaction(request('INVITE'), { reliable: false, timers: { t1: 100 } });
    expect(summary(tx.handle({ type: 'start' }, 0))).toEqual(['send INVITE', 'start A 100', 'start B 6400']);
  });

  it('does not retransmit over a reliable transport: no Timer A, only Timer B (§17.1.1.2)', () => {
    const tx = new InviteClientTransaction(request('INVITE'), tcp);
    expect(summary(tx.handle({ type: 'start' }, 0))).toEqual(['send INVITE', 'start B 32000']);
    expect(tx.handle({ type: 'timer', timer: 'A' }, 500)).toEqual([]);
  });

  it('a provisional response moves Calling to Proceeding, stops retransmissions and reaches the TU', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, udp);
    tx.handle({ type: 'start' }, 0);
    expect(summary(tx.handle({ type: 'response', response: response(invite, 100) }, 10))).toEqual(['stop A', 'stop B', 'deliver 100']);
    expect(tx.state).toBe('Proceeding');
    // A Timer A firing late (driver race) is ignored once stopped.
    expect(tx.handle({ type: 'timer', timer: 'A' }, 500)).toEqual([]);
    expect(summary(tx.handle({ type: 'response', response: response(invite, 180) }, 20))).toEqual(['deliver 180']);
  });

  it('a 2xx from Calling or Proceeding is delivered and ends the transaction (§17.1.1.2)', () => {
    const invite = request('INVITE');
    const a = new InviteClientTransaction(invite, udp);
    a.handle({ type: 'start' }, 0);
    expect(summary(a.handle({ type: 'response', response: response(invite, 200) }, 5))).toEqual(['deliver 200', 'terminated']);
    const b = new InviteClientTransaction(invite, udp);
    b.handle({ type: 'start' }, 0);
    b.handle({ type: 'response', response: response(invite, 180) }, 5);
    expect(summary(b.handle({ type: 'response', response: response(invite, 200) }, 6))).toEqual(['deliver 200', 'terminated']);
  });

  it('a non-2xx final response makes the client send ACK and enter Completed; Timer D 32 s over UDP (§17.1.1.2, §17.1.1.3)', () => {
    const invite = request('INVITE', { route: '<sip:p1.example.com;lr>' });
    const tx = new InviteClientTransaction(invite, udp);
    tx.handle({ type: 'start' }, 0);
    const busy = response(invite, 486, 'b0b');
    const actions = tx.handle({ type: 'response', response: busy }, 100);
    expect(summary(actions)).toEqual(['stop A', 'stop B', 'send ACK', 'deliver 486', 'start D 32000']);
    expect(tx.state).toBe('Completed');
    const ack = tx.sentAck!;
    expect(ack.uri).toBe(invite.uri);
    expect(getHeaders(ack, 'Via')).toEqual([getHeaders(invite, 'Via')[0]]);
    expect(getHeader(ack, 'To')).toBe('Bob <sip:bob@biloxi.example.com>;tag=b0b');
    expect(getHeader(ack, 'From')).toBe(getHeader(invite, 'From'));
    expect(getHeader(ack, 'Call-ID')).toBe(getHeader(invite, 'Call-ID'));
    expect(getHeader(ack, 'CSeq')).toBe('314159 ACK');
    expect(getHeaders(ack, 'Route')).toEqual(['<sip:p1.example.com;lr>']);
    // A retransmitted final response is ACKed again but not passed up.
    expect(summary(tx.handle({ type: 'response', response: busy }, 600))).toEqual(['send ACK']);
    expect(tx.handle({ type: 'response', response: response(invite, 180) }, 700)).toEqual([]);
    expect(summary(tx.handle({ type: 'timer', timer: 'D' }, 32100))).toEqual(['terminated']);
  });

  it('Timer D is 0 over TCP: the non-2xx response terminates the transaction at once (§17.1.1.2)', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, tcp);
    tx.handle({ type: 'start' }, 0);
    tx.handle({ type: 'response', response: response(invite, 180) }, 1);
    expect(summary(tx.handle({ type: 'response', response: response(invite, 603) }, 2))).toEqual(['send ACK', 'deliver 603', 'terminated']);
  });

  it('a transport error in Calling, Proceeding or Completed informs the TU and terminates (§17.1.4)', () => {
    const invite = request('INVITE');
    for (const prepare of [[], [180], [404]]) {
      const tx = new InviteClientTransaction(invite, udp);
      tx.handle({ type: 'start' }, 0);
      for (const status of prepare) tx.handle({ type: 'response', response: response(invite, status) }, 1);
      expect(summary(tx.handle({ type: 'transportError' }, 2))).toEqual(['transportError', 'terminated']);
    }
  });

  it('every row of the table cites its RFC section', () => {
    for (const row of inviteClientTable) expect(row.rfc).toMatch(/^§17\.1\.(1\.[23]|4)$/);
  });
});

describe('INVITE client transaction with the Accepted state (RFC 6026 §7.2)', () => {
  it('a 2xx enters Accepted for Timer M; retransmitted and forked 2xx still reach the TU', () => {
    const invite = request('INVITE');
    const tx = new InviteClientTransaction(invite, { reliable: false, rfc6026: true });
    tx.handle({ type: 'start' }, 0);
    expect(summary(tx.handle({ type: 'response', response: response(invite, 200, 'b1') }, 10))).toEqual(['stop A', 'stop B', 'deliver 200', 'start M 32000']);
    expect(tx.state).toBe('Accepted');
    expect(summary(tx.handle({ type: 'response', response: response(invite, 200, 'b2') }, 20))).toEqual(['deliver 200']);
    expect(tx.handle({ type: 'response', response: response(invite, 486) }, 30)).toEqual([]);
    expect(summary(tx.handle({ type: 'timer', timer: 'M' }, 32010))).toEqual(['terminated']);
  });
});
