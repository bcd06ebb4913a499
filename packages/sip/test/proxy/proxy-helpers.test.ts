import { describe, expect, it } from 'vitest';
import { createRequest, createResponse, getHeader, getHeaders } from '../../src/message/sip-message.ts';
import type { SipRequest } from '../../src/message/sip-message.ts';
import { addVia } from '../../src/proxy/add-via.ts';
import { copyRequest, responseToForward } from '../../src/proxy/forward-response.ts';
import { processRoute } from '../../src/proxy/loose-route.ts';
import { checkMaxForwards, decrementMaxForwards } from '../../src/proxy/max-forwards.ts';
import { addRecordRoute } from '../../src/proxy/record-route.ts';
import { statelessError } from '../../src/proxy/stateless-error.ts';
import { stampReceived } from '../../src/proxy/via-received.ts';

function invite(extra: { name: string; value: string }[] = [], uri = 'sip:bob@biloxi.example', via = 'SIP/2.0/UDP pc33.atlanta.example;branch=z9hG4bKa1'): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri,
    headers: [
      { name: 'Via', value: via },
      { name: 'Max-Forwards', value: '70' },
      ...extra,
      { name: 'To', value: '<sip:bob@biloxi.example>' },
      { name: 'From', value: '<sip:alice@atlanta.example>;tag=a' },
      { name: 'Call-ID', value: 'px-1' },
      { name: 'CSeq', value: '1 INVITE' },
    ],
  });
}

const isLocal = (uri: string): boolean => /@?pcscf\.ims\.example(:5060)?(;|$)/.test(uri) || uri.startsWith('sip:pcscf.ims.example');

describe('proxy helpers (RFC 3261 §16, RFC 3581)', () => {
  it('adds received when the sent-by host differs from the source (§18.2.1)', () => {
    const r = invite();
    stampReceived(r, { host: '192.0.2.10', port: 5060 });
    expect(getHeader(r, 'Via')).toBe('SIP/2.0/UDP pc33.atlanta.example;branch=z9hG4bKa1;received=192.0.2.10');
  });

  it('fills an empty rport with the source port, and received, even for the same host (RFC 3581 §4)', () => {
    const r = invite([], undefined, 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1;rport');
    stampReceived(r, { host: '192.0.2.10', port: 40111 });
    expect(getHeader(r, 'Via')).toBe('SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1;rport=40111;received=192.0.2.10');
  });

  it('leaves the Via alone when the source matches sent-by and no rport was asked for', () => {
    const r = invite([], undefined, 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1');
    stampReceived(r, { host: '192.0.2.10', port: 5060 });
    expect(getHeader(r, 'Via')).toBe('SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1');
  });

  it('puts its own Via with a new branch above the others (§16.6 step 8)', () => {
    const r = copyRequest(invite());
    addVia(r, { transport: 'tcp', host: 'pcscf.ims.example', port: 5060, branch: 'z9hG4bKp1' });
    expect(getHeaders(r, 'Via')).toEqual(['SIP/2.0/TCP pcscf.ims.example:5060;branch=z9hG4bKp1;rport', 'SIP/2.0/UDP pc33.atlanta.example;branch=z9hG4bKa1']);
    expect(() => addVia(r, { transport: 'UDP', host: 'x', branch: 'abc' })).toThrow(TypeError);
  });

  it('inserts Record-Route with lr on top (§16.6 step 4)', () => {
    const r = invite([{ name: 'Record-Route', value: '<sip:edge.peer.example;lr>' }]);
    addRecordRoute(r, 'sip:pcscf.ims.example:5060;transport=tcp');
    expect(getHeaders(r, 'Record-Route')).toEqual(['<sip:pcscf.ims.example:5060;transport=tcp;lr>', '<sip:edge.peer.example;lr>']);
  });

  it('pops the top Route when it names this proxy (loose routing, §16.4)', () => {
    const r = invite([{ name: 'Route', value: '<sip:pcscf.ims.example;lr>, <sip:scscf.ims.example;lr>' }]);
    expect(processRoute(r, isLocal)).toEqual({ strictRestored: false, popped: true });
    expect(getHeaders(r, 'Route')).toEqual(['<sip:scscf.ims.example;lr>']);
    expect(r.uri).toBe('sip:bob@biloxi.example');
    const notUs = invite([{ name: 'Route', value: '<sip:scscf.ims.example;lr>' }]);
    expect(processRoute(notUs, isLocal).popped).toBe(false);
  });

  it('restores the Request-URI from the last Route after a strict router (§16.4)', () => {
    const r = invite([{ name: 'Route', value: '<sip:scscf.ims.example;lr>' }, { name: 'Route', value: '<sip:bob@biloxi.example>' }], 'sip:pcscf.ims.example;lr');
    expect(processRoute(r, isLocal)).toEqual({ strictRestored: true, popped: false });
    expect(r.uri).toBe('sip:bob@biloxi.example');
    expect(getHeaders(r, 'Route')).toEqual(['<sip:scscf.ims.example;lr>']);
  });

  it('answers 483 at Max-Forwards 0, except for an OPTIONS it answers itself, and decrements otherwise (§16.3, §16.6)', () => {
    const zero = invite();
    zero.headers = zero.headers.map((h) => (h.name === 'Max-Forwards' ? { name: h.name, value: '0' } : h));
    expect(checkMaxForwards(zero, 'p')?.status).toBe(483);
    const options = { ...zero, method: 'OPTIONS' };
    expect(checkMaxForwards(options, 'p', true)).toBeUndefined();
    expect(checkMaxForwards(options, 'p', false)?.status).toBe(483);
    const fine = invite();
    expect(checkMaxForwards(fine, 'p')).toBeUndefined();
    decrementMaxForwards(fine);
    expect(getHeader(fine, 'Max-Forwards')).toBe('69');
    const none = invite();
    none.headers = none.headers.filter((h) => h.name !== 'Max-Forwards');
    expect(checkMaxForwards(none, 'p')).toBeUndefined();
    decrementMaxForwards(none);
    expect(getHeader(none, 'Max-Forwards')).toBe('70');
  });

  it('forwards a response with its top Via popped, but never a 100 nor one not for us (§16.7)', () => {
    const r = invite();
    addVia(r, { transport: 'UDP', host: 'pcscf.ims.example', branch: 'z9hG4bKours' });
    const ours = (b: string): boolean => b === 'z9hG4bKours';
    const ringing = responseToForward(createResponse(r, 180, undefined, { toTag: 't' }), ours);
    expect(getHeaders(ringing!, 'Via')).toEqual(['SIP/2.0/UDP pc33.atlanta.example;branch=z9hG4bKa1']);
    expect(responseToForward(createResponse(r, 100), ours)).toBeUndefined();
    expect(responseToForward(createResponse(r, 200, undefined, { toTag: 't' }), () => false)).toBeUndefined();
    expect(responseToForward(createResponse(invite([], undefined, 'SIP/2.0/UDP pcscf.ims.example;branch=z9hG4bKours'), 200), ours)).toBeUndefined();
  });

  it('builds a stateless 400 from a partially parsed request, and none for an ACK', () => {
    const partial = { method: 'INVITE', uri: 'sip:bob@biloxi.example', headers: [{ name: 'Via', value: 'SIP/2.0/UDP a.example;branch=z9hG4bK1' }, { name: 'Call-ID', value: 'broken' }] };
    const response = statelessError(partial, 400, 'Bad Request');
    expect(response?.status).toBe(400);
    expect(getHeader(response!, 'Via')).toBe('SIP/2.0/UDP a.example;branch=z9hG4bK1');
    expect(getHeader(response!, 'Call-ID')).toBe('broken');
    expect(statelessError({ ...partial, method: 'ACK' })).toBeUndefined();
    expect(statelessError({ ...partial, headers: [] })).toBeUndefined();
  });
});
