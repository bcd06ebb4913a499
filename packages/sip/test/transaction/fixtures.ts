// Messages for the transaction tests, built with the message model (no parser involved).
import { createRequest, createResponse } from '../../src/message/sip-message.ts';
import type { SipRequest, SipResponse } from '../../src/message/sip-message.ts';
import type { TransactionAction } from '../../src/transaction/transaction-action.ts';

export function request(method: string, options: { branch?: string; sentBy?: string; toTag?: string; fromTag?: string; cseq?: number; route?: string } = {}): SipRequest {
  const branch = options.branch === undefined ? ';branch=z9hG4bK776asdhds' : options.branch === '' ? '' : `;branch=${options.branch}`;
  const headers = [
    { name: 'Via', value: `SIP/2.0/UDP ${options.sentBy ?? 'pc33.atlanta.example.com'}${branch}` },
    { name: 'Via', value: 'SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1' },
    ...(options.route === undefined ? [] : [{ name: 'Route', value: options.route }]),
    { name: 'Max-Forwards', value: '70' },
    { name: 'To', value: `Bob <sip:bob@biloxi.example.com>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}` },
    { name: 'From', value: `Alice <sip:alice@atlanta.example.com>;tag=${options.fromTag ?? '1928301774'}` },
    { name: 'Call-ID', value: 'a84b4c76e66710@pc33.atlanta.example.com' },
    { name: 'CSeq', value: `${options.cseq ?? 314159} ${method === 'ACK' ? 'INVITE' : method}` },
    { name: 'Contact', value: '<sip:alice@pc33.atlanta.example.com>' },
  ];
  const built = createRequest({ method, uri: 'sip:bob@biloxi.example.com', headers });
  if (method === 'ACK') built.headers = built.headers.map((h) => (h.name === 'CSeq' ? { name: 'CSeq', value: `${options.cseq ?? 314159} ACK` } : h));
  return built;
}

export function response(req: SipRequest, status: number, toTag = 'a6c85cf'): SipResponse {
  return createResponse(req, status, undefined, status === 100 ? {} : { toTag });
}

/** Action types in order, with timer names and durations, for compact assertions. */
export function summary(actions: readonly TransactionAction[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'send':
        return a.message.type === 'request' ? `send ${a.message.method}` : `send ${a.message.status}`;
      case 'deliver':
        return a.message.type === 'request' ? `deliver ${a.message.method}` : `deliver ${a.message.status}`;
      case 'startTimer':
        return `start ${a.timer} ${a.ms}`;
      case 'stopTimer':
        return `stop ${a.timer}`;
      default:
        return a.type;
    }
  });
}
