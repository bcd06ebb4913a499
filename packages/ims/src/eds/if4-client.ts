// IF4: RFC 7662 token introspection at the enterprise's IdP over mutual TLS (RFC 8705), with the
// client certificate the BSS provisioned. One keep-alive agent per enterprise, so the TLS
// connection is reused across introspections.
import { Agent, request } from 'node:https';
import type { Result } from '../errors.ts';
import type { Enterprise } from '../bss/enterprise.ts';

export interface If4Failure {
  code: 'idp_unavailable';
  message: string;
}

export class If4Client {
  readonly #agents = new Map<string, { version: string; agent: Agent }>();
  readonly #timeoutMs: number;
  /** Number of introspection requests sent (tests and the console read it). */
  requests = 0;
  /** Number of TLS connections opened for them (fewer than requests: keep-alive reuse). */
  connections = 0;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 3000;
  }

  introspect(enterprise: Enterprise, token: string): Promise<Result<Record<string, unknown>, If4Failure>> {
    const agent = this.#agent(enterprise);
    const body = new URLSearchParams({ token, token_type_hint: 'access_token' }).toString();
    this.requests++;
    return new Promise((resolve) => {
      const fail = (message: string): void => resolve({ ok: false, error: { code: 'idp_unavailable', message: `Introspection at ${enterprise.introspectionEndpoint} failed: ${message}` } });
      const req = request(
        enterprise.introspectionEndpoint,
        {
          method: 'POST',
          agent,
          timeout: this.#timeoutMs,
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => fail(e.message));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
            try {
              const value = JSON.parse(text) as unknown;
              if (typeof value !== 'object' || value === null || typeof (value as { active?: unknown }).active !== 'boolean') return fail('the answer has no boolean "active"');
              resolve({ ok: true, value: value as Record<string, unknown> });
            } catch (cause) {
              fail(`the answer is not JSON (${(cause as Error).message})`);
            }
          });
        },
      );
      req.on('socket', () => {
        if (!req.reusedSocket) this.connections++;
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (e) => fail(e.message));
      req.end(body);
    });
  }

  #agent(enterprise: Enterprise): Agent {
    // A re-provisioned enterprise (new certificate) gets a new agent.
    const existing = this.#agents.get(enterprise.id);
    if (existing && existing.version === enterprise.updatedAt) return existing.agent;
    existing?.agent.destroy();
    const agent = new Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: enterprise.idpCaCertPem,
      cert: enterprise.if4ClientCertPem,
      key: enterprise.if4ClientKeyPem,
    });
    this.#agents.set(enterprise.id, { version: enterprise.updatedAt, agent });
    return agent;
  }

  close(): void {
    for (const { agent } of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}
