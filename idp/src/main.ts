// `npm start` entry of the IdP: reads the environment, starts the IdP, prints its URLs and the
// demo credentials, and stops cleanly on SIGINT/SIGTERM.
import { join, resolve } from 'node:path';
import { DEFAULT_DEMO_PASSWORD, DEMO_PEOPLE } from './demo/demo-data.ts';
import type { SecurityEventReceiver } from './events/security-events.ts';
import { startIdp } from './idp.ts';

const env = process.env;
const dataDir = join(resolve(env['DATA_DIR'] ?? '.data'), 'idp');

function intEnv(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

function receiversEnv(): SecurityEventReceiver[] {
  const raw = env['IDP_SET_RECEIVERS'];
  if (!raw) return [];
  // Either JSON ([{"url":...,"audience":...}]) or a comma-separated list of push URLs (audience = URL).
  if (raw.trim().startsWith('[')) return JSON.parse(raw) as SecurityEventReceiver[];
  return raw
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
    .map((url) => ({ url, audience: url }));
}

const demoPassword = env['DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
const idp = await startIdp({
  dataDir,
  port: intEnv('IDP_PORT', 4400),
  mtlsPort: intEnv('IDP_MTLS_PORT', 4401),
  ...(env['IDP_ISSUER'] ? { issuer: env['IDP_ISSUER'] } : {}),
  accessTokenTtl: intEnv('IDP_ACCESS_TOKEN_TTL', 600),
  demoPassword,
  receivers: receiversEnv(),
});

console.log(`Enterprise IdP (${idp.config.enterprise.name}, ${idp.config.enterprise.domain}) is running.
  Issuer / sign-in:   ${idp.issuer}  (discovery: ${idp.issuer}/.well-known/openid-configuration)
  Admin page:         ${idp.issuer}/admin
  Sign out everywhere: ${idp.issuer}/account
  Introspection (mutual TLS, client "eds"): ${idp.introspectionUrl}
  Demo CA certificate:   ${idp.tls.files.caCert}
  eds client cert / key: ${idp.tls.files.edsCert} / ${idp.tls.files.edsKey}
  Data folder:           ${dataDir}
Demo accounts (password for all: ${demoPassword}; set DEMO_PASSWORD before the first start to change it):
${DEMO_PEOPLE.map((p) => `  ${p.username.padEnd(9)} ${p.displayName}, ${p.title}${p.e164 ? ` (${p.e164})` : ''}${p.role === 'admin' ? ' [admin]' : ''}`).join('\n')}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping the IdP (${signal})...`);
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`The IdP did not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  });
}
