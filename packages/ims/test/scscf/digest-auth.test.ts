// SHA-256 Digest (RFC 7616 §3.4.1, RFC 8760) with stateless nonces.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '@eims/sip';
import { DigestAuthenticator } from '../../src/scscf/digest-auth.ts';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const realm = 'ims.example';
const subscriber = { impu: 'sip:dave@ims.example', realm, username: 'dave', ha1Sha256: sha(`dave:${realm}:pw`), e164: '+12025550999' };

function answer(challenge: string, password: string, method = 'REGISTER'): ReturnType<typeof parseCredentials> {
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const uri = 'sip:ims.example';
  const response = sha(`${sha(`dave:${realm}:${password}`)}:${nonce}:00000001:abc:auth:${sha(`${method}:${uri}`)}`);
  return parseCredentials(`Digest username="dave", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="abc"`);
}

describe('DigestAuthenticator', () => {
  const digest = new DigestAuthenticator(Buffer.alloc(32, 1));
  it('accepts the right password for the right method, refuses others', () => {
    const challenge = digest.challenge(realm, 1_000);
    expect(challenge).toMatch(/^Digest realm="ims\.example", nonce="[^"]+", algorithm=SHA-256, qop="auth"$/);
    const good = answer(challenge, 'pw');
    if (!good.ok) throw good.error;
    expect(digest.verify(good.value, subscriber, 'REGISTER', 2_000)).toBe('ok');
    expect(digest.verify(good.value, subscriber, 'INVITE', 2_000)).toBe('invalid');
    const bad = answer(challenge, 'wrong');
    if (!bad.ok) throw bad.error;
    expect(digest.verify(bad.value, subscriber, 'REGISTER', 2_000)).toBe('invalid');
  });
  it('a nonce it did not issue is invalid; an old one of its own is stale (RFC 3261 §22.4 stale=true)', () => {
    const other = new DigestAuthenticator(Buffer.alloc(32, 2));
    const foreign = answer(other.challenge(realm, 1_000), 'pw');
    if (!foreign.ok) throw foreign.error;
    expect(digest.verify(foreign.value, subscriber, 'REGISTER', 2_000)).toBe('invalid');
    const old = answer(digest.challenge(realm, 1_000), 'pw');
    if (!old.ok) throw old.error;
    expect(digest.verify(old.value, subscriber, 'REGISTER', 1_000 + 10 * 60_000)).toBe('stale');
  });
});
