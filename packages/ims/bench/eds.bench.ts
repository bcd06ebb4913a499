// `npm run bench -- eds`: IF1 authentications per second over the SBI (HTTP/2 + TLS) answered
// from the EDS cache, against the baseline of the same request going to the IdP (signature check
// + RFC 7662 introspection over mutual TLS); and the delay from a CAEP session-revoked at the IdP
// to the IF1 `deregister` event. IdP and emulator run in this one process (2 cores shared).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '@eims/idp';
import { asyncOpsPerSecond, median, report } from '../../../test/support/bench.ts';
import { signInTokens } from '../../../idp/test/support/oauth-client.ts';
import { If1Client } from '../src/eds/if1-client.ts';
import { startIms } from '../src/ims.ts';

const RUNS = 3;
const RUN_MS = 2000;
const CONCURRENCY = 16;
const dir = mkdtempSync(join(tmpdir(), 'ims-bench-'));
const ims = await startIms({ imsDataDir: join(dir, 'ims'), sbiPort: 0, consolePort: 0, log: () => undefined });
const idp = await startIdp({ dataDir: join(dir, 'idp'), port: 0, mtlsPort: 0, log: () => undefined, receivers: [{ url: ims.setReceiverUrl, audience: ims.setReceiverUrl }] });
try {
  const added = ims.provisioning.addEnterprise({
    name: 'Acme Corp', domain: 'acme.example', pbxCaCertPem: null, numberRanges: [{ from: '+12025550100', to: '+12025550199' }],
    idpIssuer: idp.issuer, introspectionEndpoint: idp.introspectionUrl, if4ClientCertPem: idp.tls.edsCertPem, if4ClientKeyPem: idp.tls.edsKeyPem,
    idpCaCertPem: idp.tls.caCertPem, setAudience: null,
  });
  if (!added.ok) throw new Error(added.error.message);
  const if1 = new If1Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
  const token = (await signInTokens(idp.issuer, 'alice', 'Acme-demo-1')).access_token;
  const authenticate = async (): Promise<void> => {
    const answer = await if1.authenticate({ impu: 'sip:alice@acme.example', token, purpose: 'call' });
    if (!answer.ok) throw new Error(answer.problem.code);
  };
  await authenticate();

  const cached: number[] = [];
  const uncached: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    cached.push(await asyncOpsPerSecond(authenticate, RUN_MS, CONCURRENCY));
    uncached.push(
      await asyncOpsPerSecond(async () => {
        ims.eds.cache.dropEmployee(() => true);
        await authenticate();
      }, RUN_MS, CONCURRENCY),
    );
  }
  console.log(`IF1 authenticate: ${median(cached).toFixed(0)}/s from the cache, ${median(uncached).toFixed(0)}/s through the IdP (concurrency ${CONCURRENCY}, ${RUNS} runs)`);
  report({ name: 'eds-if1-authenticate-cached', unit: 'ops/s', value: median(cached), baseline: { name: 'eds-if1-authenticate-introspection', value: median(uncached) } });

  // Security event delay: sign-out-everywhere (CAEP session-revoked) → IF1 deregister.
  const delays: number[] = [];
  let resolveEvent: (() => void) | undefined;
  const subscription = if1.events(() => resolveEvent?.());
  await subscription.ready;
  const alice = idp.directory.findByUsername('alice')!;
  for (let i = 0; i < 15; i++) {
    const seen = new Promise<void>((resolve) => (resolveEvent = resolve));
    const start = performance.now();
    idp.securityEvents.sessionsRevoked(alice, 'user');
    await seen;
    delays.push(performance.now() - start);
  }
  subscription.close();
  console.log(`Security event to de-registration: median ${median(delays).toFixed(1)} ms over ${delays.length} events (target < 1000 ms)`);
  report({ name: 'eds-set-to-deregister', unit: 'ms', value: median(delays) });
  if1.close();
} finally {
  await idp.close();
  await ims.close();
  rmSync(dir, { recursive: true, force: true });
}
