// SIP Digest with SHA-256 for carrier subscribers (RFC 3261 §22.4, RFC 7616 §3.4, RFC 8760).
// Nonces are stateless: a timestamp and an HMAC over it, so a restarted S-CSCF still accepts
// the nonces it issued (restoration) and nothing per challenge is stored.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthCredentials } from '@eims/sip';
import type { SubscriberCredentials } from './if1-port.ts';

const NONCE_LIFETIME_MS = 5 * 60_000;

export class DigestAuthenticator {
  private readonly secret: Buffer;

  constructor(secret: Buffer) {
    this.secret = secret;
  }

  /** The WWW-Authenticate value of a fresh challenge. */
  challenge(realm: string, now: number, stale = false): string {
    const ts = now.toString(36);
    const nonce = `${ts}.${this.sign(ts)}`;
    return `Digest realm="${realm}", nonce="${nonce}", algorithm=SHA-256, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  /**
   * Checks Digest credentials for `method`. `'stale'` when the nonce was ours but too old
   * (RFC 3261 §22.4: challenge again with stale=true).
   */
  verify(credentials: AuthCredentials, subscriber: SubscriberCredentials, method: string, now: number): 'ok' | 'stale' | 'invalid' {
    const p = credentials.params;
    const nonce = p.get('nonce') ?? '';
    const [ts, mac] = nonce.split('.');
    if (ts === undefined || mac === undefined || !safeEqual(mac, this.sign(ts))) return 'invalid';
    if ((p.get('algorithm') ?? 'MD5').toUpperCase() !== 'SHA-256') return 'invalid';
    if (p.get('username') !== subscriber.username || p.get('realm') !== subscriber.realm) return 'invalid';
    const uri = p.get('uri') ?? '';
    const ha2 = sha256(`${method}:${uri}`);
    const qop = p.get('qop');
    const expected =
      qop === 'auth'
        ? sha256(`${subscriber.ha1Sha256}:${nonce}:${p.get('nc') ?? ''}:${p.get('cnonce') ?? ''}:auth:${ha2}`)
        : sha256(`${subscriber.ha1Sha256}:${nonce}:${ha2}`);
    if (!safeEqual(p.get('response') ?? '', expected)) return 'invalid';
    if (now - parseInt(ts, 36) > NONCE_LIFETIME_MS) return 'stale';
    return 'ok';
  }

  private sign(ts: string): string {
    return createHmac('sha256', this.secret).update(ts).digest('base64url').slice(0, 22);
  }
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
