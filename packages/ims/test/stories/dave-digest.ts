// dave, the carrier's plain subscriber, registers over TCP with SHA-256 Digest (RFC 7616 §3.4).
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { DOMAIN } from './ims-harness.ts';
import type { RawSipClient } from './raw-sip-client.ts';

export const DAVE = `sip:dave@${DOMAIN}`;

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The Authorization header answering `challenge` for `method` on `uri`. */
export function digestAnswer(challenge: string, method: string, uri: string, password: string): string {
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const ha1 = sha(`dave:${DOMAIN}:${password}`);
  const response = sha(`${ha1}:${nonce}:00000001:c0ffee:auth:${sha(`${method}:${uri}`)}`);
  return `Authorization: Digest username="dave", realm="${DOMAIN}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c0ffee"`;
}

export async function registerDave(dave: RawSipClient): Promise<void> {
  const contact = `Contact: <sip:dave@127.0.0.1:${dave.port};transport=tcp>`;
  const uri = `sip:${DOMAIN}`;
  const first = await dave.request('REGISTER', uri, { from: DAVE, to: DAVE, headers: [contact], callId: 'dave-reg', cseq: 1 });
  expect(first.status).toBe(401);
  const ok = await dave.request('REGISTER', uri, {
    from: DAVE,
    to: DAVE,
    headers: [contact, digestAnswer(first.header('WWW-Authenticate') ?? '', 'REGISTER', uri, 'Dave-demo-1')],
    callId: 'dave-reg',
    cseq: 2,
  });
  expect(ok.status).toBe(200);
}
