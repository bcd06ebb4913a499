// `npm start` entry of the IMS emulator: starts the SBI and console listeners, then provisions
// the demo enterprise from the IdP's TLS files once they exist, and the demo subscriber.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SUBSCRIBER, idpTlsFiles, provisionDemoEnterprise, provisionDemoSubscriber } from './bss/demo-provisioning.ts';
import { loadImsConfig } from './config/ims-config.ts';
import { startIms } from './ims.ts';
import { operatorKeyFile } from './operator-key.ts';
import { describeListeners, startSipCore } from './core/start-sip-core.ts';

const config = loadImsConfig();
const ims = await startIms({
  imsDataDir: config.imsDataDir,
  host: config.host,
  sbiPort: config.sbiPort,
  consolePort: config.consolePort,
  domain: config.domain,
  resource: config.resource,
  operatorApiKey: config.operatorApiKey,
  stiSpc: config.stiSpc,
});

console.log(`SBI (IF1, IF2, IF3, BSS API; HTTP/2 over TLS): ${ims.sbiUrl}  (CA: ${join(config.imsDataDir, 'tls', 'ca.crt')})`);
console.log(`Console: ${ims.consoleUrl}; security-event receiver (RFC 8935): ${ims.setReceiverUrl}`);
if (!(process.env['IDP_SET_RECEIVERS'] ?? '').includes(ims.setReceiverUrl)) {
  console.log(`For the IdP to push security events here, start it with IDP_SET_RECEIVERS=${ims.setReceiverUrl}`);
}
if (ims.operatorApiKeyGenerated) console.log(`Operator API key (generated, stored in ${operatorKeyFile(config.imsDataDir)}): ${ims.operatorApiKey}`);
else console.log(`Operator API key: in ${config.operatorApiKey ? 'IMS_OPERATOR_API_KEY' : operatorKeyFile(config.imsDataDir)}`);

// The SIP network functions (P-CSCF, S-CSCF, MMTel AS) on the data side just started; the P-CSCF
// and the MMTel AS each in a worker thread of its own (their SIP work on the other core).
const core = await startSipCore(ims, {
  imsDataDir: config.imsDataDir,
  domain: config.domain,
  host: config.host,
  threads: true,
  onThreadCrash: (error) => {
    console.error(`${error.message}: the emulator cannot serve calls without it and stops (restart it: registrations are restored).`);
    process.exit(1);
  },
});
for (const line of describeListeners(core)) console.log(line);
if (core.stir !== undefined) {
  console.log(`STI-CA root (what a peer network trusts to verify our calls): ${join(ims.sti.dir, 'sti-ca-root.crt')}; to trust another carrier, put its STI-CA root in ${join(ims.sti.dir, 'trusted')}/ or name it in IMS_STI_TRUST_ANCHORS`);
}

if (provisionDemoSubscriber(ims.provisioning, config.domain, process.env['IMS_DAVE_PASSWORD'] || DEMO_SUBSCRIBER.password)) {
  console.log(`Provisioned the demo subscriber sip:dave@${config.domain} (${DEMO_SUBSCRIBER.e164}), SIP digest user "dave", password "${process.env['IMS_DAVE_PASSWORD'] || DEMO_SUBSCRIBER.password}" (demo only).`);
}

const idpDir = join(config.dataDir, 'idp');
const files = idpTlsFiles(idpDir);
const idpPort = process.env['IDP_PORT'] || '4400';
const issuer = process.env['IDP_ISSUER'] || `http://localhost:${idpPort}`;
const introspection = `https://localhost:${process.env['IDP_MTLS_PORT'] || '4401'}/token/introspection`;
const waitStarted = Date.now();
let announced = false;
while (!Object.values(files).every((f) => existsSync(f))) {
  if (!announced) {
    console.log(`Waiting for the IdP's TLS files in ${join(idpDir, 'tls')} to provision the demo enterprise (start the IdP: npm start)...`);
    announced = true;
  }
  if (Date.now() - waitStarted > 120_000) {
    console.error(`The IdP's TLS files did not appear in ${join(idpDir, 'tls')} within 2 minutes; the demo enterprise is not provisioned. Start the IdP, then restart the emulator or provision with "ims provision enterprise add".`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
if (Object.values(files).every((f) => existsSync(f))) {
  if (await provisionDemoEnterprise(ims.provisioning, { imsDataDir: config.imsDataDir, idpFiles: files, issuer, introspectionEndpoint: introspection })) {
    console.log(`Provisioned the demo enterprise Acme Corp (acme.example, +12025550100-+12025550199), IdP ${issuer}, introspection ${introspection}.`);
  }
}

const stop = (): void => {
  void core
    .close()
    .then(() => core.stopClients())
    .then(() => ims.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
