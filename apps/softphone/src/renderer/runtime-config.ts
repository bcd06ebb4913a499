// Where the softphone finds the network: the IdP (issuer, client, RFC 8707 resource) and the
// P-CSCF's SIP-over-WebSocket URL. The web build reads it from `/config.json` (written by the
// server from the environment); the desktop app asks main. Untrusted input: validated here.
import type { Result } from '@eims/phone';

export interface RuntimeConfig {
  issuer: string;
  clientId: string;
  /** RFC 8707 resource indicator of the IMS. */
  resource: string;
  /** The P-CSCF's SIP-over-WebSocket URL (RFC 7118). */
  sipWebSocketUrl: string;
  /** The IMS home domain: Request-URI of REGISTER, domain of dialled E.164 numbers. */
  imsDomain: string;
}

const FIELDS = ['issuer', 'clientId', 'resource', 'sipWebSocketUrl', 'imsDomain'] as const;

/** Checks a parsed `/config.json` (or main's answer); the error says which field is wrong. */
export function parseRuntimeConfig(value: unknown): Result<RuntimeConfig, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'The softphone configuration is not a JSON object.' };
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    const v = record[field];
    if (typeof v !== 'string' || v.trim() === '') return { ok: false, error: `The softphone configuration has no "${field}".` };
  }
  const config = Object.fromEntries(FIELDS.map((f) => [f, (record[f] as string).trim()])) as unknown as RuntimeConfig;
  if (!/^https?:\/\//.test(config.issuer)) return { ok: false, error: `"issuer" must be an http(s) URL, not ${config.issuer}.` };
  if (!/^wss?:\/\//.test(config.sipWebSocketUrl)) return { ok: false, error: `"sipWebSocketUrl" must be a ws:// or wss:// URL, not ${config.sipWebSocketUrl}.` };
  return { ok: true, value: { ...config, issuer: config.issuer.replace(/\/+$/, '') } };
}
