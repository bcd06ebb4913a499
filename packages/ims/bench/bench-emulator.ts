// The emulator as its own process for the benchmarks (so SIPp orchestration and the IdP do not
// share its event loop): data side + SIP core on free loopback ports, demo enterprise and
// subscriber provisioned; prints one `LISTENERS {json}` line, then `READY`. SIGTERM closes it
// cleanly (so that `node --cpu-prof` writes its profile).
import { startIms } from '../src/ims.ts';
import { provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from '../src/bss/demo-provisioning.ts';
import { startSipCore } from '../src/core/start-sip-core.ts';
import { anyFreeSipPorts } from '../src/config/ims-config.ts';

const env = process.env;
const imsDataDir = env['BENCH_IMS_DATA_DIR']!;
const domain = 'ims.mnc001.mcc001.3gppnetwork.org';
const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, domain, log: () => undefined });
await provisionDemoEnterprise(ims.provisioning, {
  imsDataDir,
  idpFiles: idpTlsFiles(env['BENCH_IDP_DATA_DIR']!),
  issuer: env['BENCH_IDP_ISSUER']!,
  introspectionEndpoint: env['BENCH_IDP_INTROSPECTION']!,
  setAudience: ims.setReceiverUrl,
});
provisionDemoSubscriber(ims.provisioning, domain);
const core = await startSipCore(ims, { imsDataDir, domain, threads: true, env: { ...env, ...anyFreeSipPorts() }, log: (l) => console.error(l) });
console.log(`LISTENERS ${JSON.stringify({ tcp: core.pcscf.listeners.tcp, setReceiverUrl: ims.setReceiverUrl })}`);
console.log('READY');
process.once('SIGTERM', () => {
  void (async () => {
    await core.close();
    core.stopClients();
    await ims.close();
    process.exit(0);
  })();
});
