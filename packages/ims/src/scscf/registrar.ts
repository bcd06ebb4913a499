// The S-CSCF as registrar (RFC 3261 §10.3; TS 24.229 §5.4.1; seed 6.X.2.2): authenticate the
// REGISTER (RFC 8898 Bearer through IF1 for enterprise identities, SHA-256 Digest for carrier
// subscribers), bind the contacts with their Path, answer 200 with P-Associated-URI and
// Service-Route, and never let a registration outlive its token.
import { createResponse, getHeader, getHeaders, isSipUri, parseContact, parseCredentials, parseExpires, parseNameAddr, parseUri } from '@eims/sip';
import type { AuthCredentials, ContactBinding, SipRequest, SipResponse } from '@eims/sip';
import { domainOf } from '../core/public-identity.ts';
import type { DigestAuthenticator } from './digest-auth.ts';
import type { If1Port } from './if1-port.ts';
import type { Binding, Registration, RegistrationStore } from './registration-store.ts';
import { TOKEN_FAILURE_POLICY } from './token-failure-policy.ts';

export interface RegistrarContext {
  readonly if1: If1Port;
  readonly store: RegistrationStore;
  readonly digest: DigestAuthenticator;
  /** IMS home domain: realm of Digest and of the Bearer challenge. */
  readonly domain: string;
  /** Our own URI for IF1 (`scscf` of the authenticate request) and Service-Route. */
  readonly scscfUri: string;
  readonly serviceRoute: string;
  readonly now: () => number;
  readonly toTag: string;
  readonly minExpires: number;
  readonly maxExpires: number;
}

export type RegisterOutcome = { readonly response: SipResponse; readonly registration?: Registration; readonly removed?: Registration };

const MAX_BINDINGS = 10;

type Identity = Pick<Registration, 'implicitSet' | 'kind' | 'e164' | 'displayName'> & { enterprise?: string; tokenExpiresAt?: number };

/**
 * Handles one REGISTER and returns the response (and what changed).
 * @example const { response } = await handleRegister(ctx, request); tx.respond(response);
 */
export async function handleRegister(ctx: RegistrarContext, request: SipRequest): Promise<RegisterOutcome> {
  const reply = (status: number, reason?: string, headers: { name: string; value: string }[] = []): RegisterOutcome => ({
    response: createResponse(request, status, reason, { toTag: ctx.toTag, headers }),
  });
  const to = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
  const toUri = to.ok ? parseUri(to.value.uri) : undefined;
  // "the registrar ... MUST check that the To header field contains a valid address-of-record" (§10.3 step 5)
  if (!to.ok || toUri === undefined || !toUri.ok || !isSipUri(toUri.value)) return reply(400, 'Address-of-Record Must Be A SIP URI');
  const aorUri = to.value.uri;
  const domain = domainOf(aorUri) ?? '';

  const authorization = getHeaders(request, 'Authorization').map((v) => parseCredentials(v)).find((c) => c.ok);
  const credentials: AuthCredentials | undefined = authorization?.ok ? authorization.value : undefined;
  const auth = await authenticate(ctx, request, aorUri, domain, credentials);
  if ('response' in auth) return auth;
  const identity = auth.identity;

  const contacts = parseContacts(request);
  if (contacts === 'bad') return reply(400, 'Bad Contact');
  const existing = ctx.store.find(identity.implicitSet[0] ?? aorUri);
  const callId = getHeader(request, 'Call-ID') ?? '';
  const cseq = Number((getHeader(request, 'CSeq') ?? '0').split(/\s+/)[0]);
  const headerExpires = parseExpires(getHeader(request, 'Expires') ?? '');
  const defaultExpires = headerExpires.ok ? headerExpires.value : 3600;
  const now = ctx.now();

  if (contacts === 'wildcard') {
    // "*" only with Expires: 0 (§10.3 step 6).
    if (!headerExpires.ok || headerExpires.value !== 0) return reply(400, 'Wildcard Contact Needs Expires 0');
    const removed = existing === undefined ? undefined : await ctx.store.remove(existing.aor, 'unregistered');
    return removed === undefined ? { response: ok200(ctx, request, identity, []) } : { response: ok200(ctx, request, identity, []), removed };
  }

  const tokenLeft = identity.tokenExpiresAt === undefined ? Infinity : Math.floor((identity.tokenExpiresAt - now) / 1000);
  let bindings: Binding[] = existing?.bindings.filter((b) => b.expiresAt > now) ?? [];
  const path = getHeaders(request, 'Path').flatMap((v) => {
    const p = parseNameAddr(v, 'Path');
    return p.ok ? [p.value.uri] : [];
  });
  for (const c of contacts) {
    const requested = c.expires ?? defaultExpires;
    if (requested > 0 && requested < ctx.minExpires) return reply(423, 'Interval Too Brief', [{ name: 'Min-Expires', value: String(ctx.minExpires) }]);
    const same = (b: Binding): boolean =>
      c.instanceId !== undefined && b.instanceId !== undefined ? b.instanceId === c.instanceId && b.regId === c.regId : b.contact === c.uri;
    const old = bindings.find(same);
    // §10.3 step 7: same Call-ID with a CSeq not higher is out of order.
    if (old !== undefined && old.callId === callId && cseq <= old.cseq) return reply(500, 'Out Of Order REGISTER', [{ name: 'Retry-After', value: '1' }]);
    bindings = bindings.filter((b) => !same(b));
    // A registration never outlives the token it was granted with.
    const granted = Math.min(requested, ctx.maxExpires, tokenLeft);
    if (requested === 0 || granted <= 0) continue;
    const binding: Binding = {
      contact: c.uri,
      ...(c.instanceId === undefined ? {} : { instanceId: c.instanceId }),
      ...(c.regId === undefined ? {} : { regId: c.regId }),
      path,
      expiresAt: now + granted * 1000,
      callId,
      cseq,
    };
    bindings.push(binding);
  }

  // A bound on bindings per registration: the oldest give way (a registrar's local policy).
  if (bindings.length > MAX_BINDINGS) bindings = [...bindings].sort((a, b) => b.expiresAt - a.expiresAt).slice(0, MAX_BINDINGS);
  const registration: Registration = {
    aor: identity.implicitSet[0] ?? aorUri,
    implicitSet: identity.implicitSet,
    kind: identity.kind,
    e164: identity.e164,
    displayName: identity.displayName,
    ...(identity.enterprise === undefined ? {} : { enterprise: identity.enterprise }),
    ...(identity.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: identity.tokenExpiresAt }),
    bindings,
  };
  if (bindings.length === 0) {
    const removed = existing === undefined ? undefined : await ctx.store.remove(existing.aor, 'unregistered');
    return removed === undefined ? { response: ok200(ctx, request, identity, []) } : { response: ok200(ctx, request, identity, []), removed };
  }
  await ctx.store.put(registration, existing === undefined ? 'registered' : 'refreshed');
  return { response: ok200(ctx, request, identity, bindings), registration };
}

async function authenticate(
  ctx: RegistrarContext,
  request: SipRequest,
  aorUri: string,
  domain: string,
  credentials: AuthCredentials | undefined,
): Promise<{ identity: Identity } | RegisterOutcome> {
  const reply = (status: number, reason: string, headers: { name: string; value: string }[] = []): RegisterOutcome => ({
    response: createResponse(request, status, reason, { toTag: ctx.toTag, headers }),
  });
  const scheme = credentials?.scheme.toLowerCase();
  if (credentials !== undefined && scheme === 'bearer' && credentials.token !== undefined) {
    const result = await ctx.if1.authenticate({ impu: aorUri, token: credentials.token, purpose: 'register', scscf: ctx.scscfUri });
    if (result.ok) {
      const v = result.value;
      return { identity: { implicitSet: v.implicitSet, kind: 'enterprise', e164: v.e164, displayName: v.displayName, enterprise: v.enterprise, tokenExpiresAt: v.expiresAt } };
    }
    const answer = TOKEN_FAILURE_POLICY[result.code];
    if (answer.status === 503) return reply(503, answer.reason, [{ name: 'Retry-After', value: '5' }]);
    if (answer.status === 403) return reply(403, answer.reason);
    const challenge = await bearerChallengeHeader(ctx, domain, answer.error);
    return challenge === undefined ? reply(403, 'Enterprise Not Provisioned') : reply(401, answer.reason, [challenge]);
  }
  const subscriber = await ctx.if1.subscriber(aorUri);
  if (subscriber !== undefined) {
    const now = ctx.now();
    if (credentials !== undefined && scheme === 'digest') {
      const verdict = ctx.digest.verify(credentials, subscriber, request.method, now);
      if (verdict === 'ok') {
        return { identity: { implicitSet: [subscriber.impu, `tel:${subscriber.e164}`], kind: 'subscriber', e164: subscriber.e164, displayName: subscriber.displayName ?? '' } };
      }
      return reply(401, 'Unauthorized', [{ name: 'WWW-Authenticate', value: ctx.digest.challenge(subscriber.realm, now, verdict === 'stale') }]);
    }
    return reply(401, 'Unauthorized', [{ name: 'WWW-Authenticate', value: ctx.digest.challenge(subscriber.realm, now) }]);
  }
  // No usable credentials for an enterprise identity: the RFC 8898 §4 challenge.
  const challenge = await bearerChallengeHeader(ctx, domain, credentials === undefined ? undefined : 'invalid_token');
  if (challenge === undefined) return reply(403, 'Not Served Here');
  return reply(401, 'Unauthorized', [challenge]);
}

/** `WWW-Authenticate: Bearer realm="...", scope="...", authz_server="..."` (RFC 8898 §4, every value quoted). */
export async function bearerChallengeHeader(ctx: Pick<RegistrarContext, 'if1'>, domain: string, error: 'invalid_token' | undefined): Promise<{ name: string; value: string } | undefined> {
  const params = await ctx.if1.bearerChallenge(domain);
  if (params === undefined) return undefined;
  const q = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;
  let value = `Bearer realm=${q(params.realm)}, scope=${q(params.scope)}, authz_server=${q(params.authzServer)}`;
  if (error !== undefined) value += `, error=${q(error)}`;
  return { name: 'WWW-Authenticate', value };
}

function parseContacts(request: SipRequest): ContactBinding[] | 'wildcard' | 'bad' {
  const out: ContactBinding[] = [];
  const values = getHeaders(request, 'Contact');
  for (const v of values) {
    const c = parseContact(v);
    if (!c.ok) return 'bad';
    if (c.value.wildcard) return values.length === 1 ? 'wildcard' : 'bad';
    out.push(c.value);
  }
  return out;
}

function ok200(ctx: RegistrarContext, request: SipRequest, identity: Identity, bindings: readonly Binding[]): SipResponse {
  const now = ctx.now();
  const headers: { name: string; value: string }[] = [];
  for (const b of bindings) {
    let contact = `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`;
    if (b.instanceId !== undefined) contact += `;+sip.instance="<${b.instanceId}>"`;
    if (b.regId !== undefined) contact += `;reg-id=${b.regId}`;
    headers.push({ name: 'Contact', value: contact });
  }
  // RFC 3327 §5.3: the Path the registrar stored goes back in the 200.
  for (const p of getHeaders(request, 'Path')) headers.push({ name: 'Path', value: p });
  if (bindings.length > 0) {
    // RFC 7315 §4.1: P-Associated-URI lists the implicit registration set, default identity first.
    headers.push({ name: 'P-Associated-URI', value: identity.implicitSet.map((u) => `<${u}>`).join(', ') });
    // RFC 3608 §6: Service-Route for the UE's later requests (the originating S-CSCF).
    headers.push({ name: 'Service-Route', value: `<${ctx.serviceRoute}>` });
    if (bindings.some((b) => b.regId !== undefined)) headers.push({ name: 'Require', value: 'outbound' });
  }
  headers.push({ name: 'Supported', value: 'path, outbound' });
  return createResponse(request, 200, 'OK', { toTag: ctx.toTag, headers });
}
