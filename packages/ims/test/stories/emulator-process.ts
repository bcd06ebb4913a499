// The emulator as its own process for the restoration story (`kill -9`): data side + SIP core on
// the ports and folders given in the environment; prints `READY` once every listener is up.
import { startIms } from '../../src/ims.ts';
import { provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from '../../src/bss/demo-provisioning.ts';
import { describeListeners, startSipCore } from '../../src/core/start-sip-core.ts';

const env = process.env;
const imsDataDir = env['TEST_IMS_DATA_DIR']!;
const domain = 'ims.mnc001.mcc001.3gppnetwork.org';
const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: Number(env['TEST_CONSOLE_PORT']), domain, log: () => undefined });
await provisionDemoEnterprise(ims.provisioning, {
  imsDataDir,
  idpFiles: idpTlsFiles(env['TEST_IDP_DATA_DIR']!),
  issuer: env['TEST_IDP_ISSUER']!,
  introspectionEndpoint: env['TEST_IDP_INTROSPECTION']!,
  setAudience: ims.setReceiverUrl,
});
provisionDemoSubscriber(ims.provisioning, domain);
const core = await startSipCore(ims, { imsDataDir, domain, threads: true, log: (l) => console.error(l) });
for (const line of describeListeners(core)) console.log(line);
console.log('READY');
