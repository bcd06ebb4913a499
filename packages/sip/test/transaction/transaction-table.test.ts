import { describe, expect, it } from 'vitest';
import { getHeader, getHeaders } from '../../src/message/sip-message.ts';
import { answerCancel, buildCancel } from '../../src/transaction/build-cancel.ts';
import { isRfc3261Branch } from '../../src/headers/via.ts';
import { generateBranch } from '../../src/transaction/branch.ts';
import { TransactionTable } from '../../src/transaction/transaction-table.ts';
import { request, response } from './fixtures.ts';

describe('transaction matching (RFC 3261 §17.1.3, §17.2.3)', () => {
  it('a retransmitted INVITE and its ACK match the INVITE server transaction by branch, sent-by and method', () => {
    const table = new TransactionTable<string, string>();
    expect(table.addServer(request('INVITE'), 'invite-tx')).toBe(true);
    expect(table.matchServer(request('INVITE'))).toBe('invite-tx');
    expect(table.matchServer(request('ACK', { toTag: 'x' }))).toBe('invite-tx');
    // Same branch from another sent-by is another transaction.
    expect(table.matchServer(request('INVITE', { sentBy: 'evil.example.com' }))).toBeUndefined();
    expect(table.matchServer(request('INVITE', { branch: 'z9hG4bKother' }))).toBeUndefined();
  });

  it('a CANCEL has its own transaction but finds the INVITE it cancels (§9.2)', () => {
    const table = new TransactionTable<string, string>();
    table.addServer(request('INVITE'), 'invite-tx');
    const cancel = buildCancel(request('INVITE'));
    expect(table.matchServer(cancel)).toBeUndefined();
    expect(table.matchCancelled(cancel)).toBe('invite-tx');
    table.addServer(cancel, 'cancel-tx');
    expect(table.matchServer(cancel)).toBe('cancel-tx');
    table.removeServer('invite-tx');
    expect(table.matchCancelled(cancel)).toBeUndefined();
    expect(table.serverCount).toBe(1);
  });

  it('falls back to RFC 2543 matching when the branch lacks the magic cookie', () => {
    const table = new TransactionTable<string, string>({ responseToTag: () => 'srv1' });
    const old = request('INVITE', { branch: '1234abcd' });
    table.addServer(old, 'old-tx');
    expect(table.matchServer(request('INVITE', { branch: '1234abcd' }))).toBe('old-tx');
    expect(table.matchServer(request('INVITE', { branch: '1234abcd', fromTag: 'other' }))).toBeUndefined();
    expect(table.matchServer(request('INVITE', { branch: '1234abcd', cseq: 2 }))).toBeUndefined();
    // ACK: To tag must equal the one of the response the server transaction sent.
    expect(table.matchServer(request('ACK', { branch: '1234abcd', toTag: 'srv1' }))).toBe('old-tx');
    expect(table.matchServer(request('ACK', { branch: '1234abcd', toTag: 'nope' }))).toBeUndefined();
    // No branch at all is RFC 2543 too.
    table.addServer(request('OPTIONS', { branch: '' }), 'nobranch');
    expect(table.matchServer(request('OPTIONS', { branch: '' }))).toBe('nobranch');
  });

  it('a branch that is exactly z9hG4bK carries no id and uses the RFC 2543 rules (RFC 4475 §3.2.1 badbranch)', () => {
    expect(isRfc3261Branch('z9hG4bK')).toBe(false);
    const table = new TransactionTable<string, string>();
    table.addServer(request('OPTIONS', { branch: 'z9hG4bK' }), 'first');
    // Another request with the same bare cookie but a different Call-ID-level identity is not merged into it.
    expect(table.matchServer(request('OPTIONS', { branch: 'z9hG4bK', cseq: 7 }))).toBeUndefined();
    expect(table.matchServer(request('OPTIONS', { branch: 'z9hG4bK' }))).toBe('first');
  });

  it('a response matches its client transaction by top-Via branch and CSeq method', () => {
    const table = new TransactionTable<string, string>();
    const invite = request('INVITE');
    table.addClient(invite, 'client-invite');
    const cancel = buildCancel(invite);
    table.addClient(cancel, 'client-cancel');
    expect(table.matchClient(response(invite, 180))).toBe('client-invite');
    expect(table.matchClient(response(cancel, 200))).toBe('client-cancel');
    expect(table.matchClient(response(request('INVITE', { branch: 'z9hG4bKzzz' }), 200))).toBeUndefined();
    table.removeClient('client-invite');
    expect(table.matchClient(response(invite, 200))).toBeUndefined();
  });

  it('generates branches with the cookie from the given random bytes', () => {
    expect(generateBranch(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 255]))).toBe('z9hG4bK01020304050607ff');
    expect(() => generateBranch(new Uint8Array(2))).toThrow(TypeError);
  });
});

describe('CANCEL (RFC 3261 §9)', () => {
  it('is built from the INVITE with the same Request-URI, Call-ID, From, To, CSeq number, top Via and Route (§9.1)', () => {
    const invite = request('INVITE', { route: '<sip:p1.example.com;lr>' });
    const cancel = buildCancel(invite);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.uri).toBe(invite.uri);
    expect(getHeaders(cancel, 'Via')).toEqual([getHeaders(invite, 'Via')[0]]);
    for (const name of ['From', 'To', 'Call-ID']) expect(getHeader(cancel, name)).toBe(getHeader(invite, name));
    expect(getHeader(cancel, 'CSeq')).toBe('314159 CANCEL');
    expect(getHeaders(cancel, 'Route')).toEqual(['<sip:p1.example.com;lr>']);
  });

  it('the UAS answers 200 to the CANCEL and 487 to a pending INVITE, 481 when nothing matches (§9.2)', () => {
    const invite = request('INVITE');
    const cancel = buildCancel(invite);
    const pending = answerCancel(cancel, { request: invite, finalSent: false }, 't1');
    expect(pending.cancelResponse.status).toBe(200);
    expect(pending.inviteResponse?.status).toBe(487);
    expect(getHeader(pending.inviteResponse!, 'CSeq')).toBe('314159 INVITE');
    expect(answerCancel(cancel, { request: invite, finalSent: true }, 't1').inviteResponse).toBeUndefined();
    expect(answerCancel(cancel, undefined, 't1').cancelResponse.status).toBe(481);
  });
});
