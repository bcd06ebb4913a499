// Starts the data side of the emulator: the SBI (IF1, IF2, IF3, BSS API) over HTTP/2 + TLS, the
// console listener with the EDS's security-event receiver and the STI certificate repository,
// and the SQLite-backed stores.
import { openDatabase, type Database } from '@eims/store';
import { join } from 'node:path';
import { addBssRoutes } from './bss/bss-api.ts';
import { ProvisioningStore } from './bss/provisioning-store.ts';
import { CdrStore } from './billing/cdr-store.ts';
import { startConsoleServer, type ConsoleServer } from './console/console-server.ts';
import { EdsAuditLog } from './eds/eds-audit-log.ts';
import { Eds } from './eds/eds.ts';
import { addIf1Routes } from './eds/if1-api.ts';
import { addIf2Routes } from './eds/if2-api.ts';
import { addIf3Routes, type TrunkTable } from './eds/if3-api.ts';
import { If4Client } from './eds/if4-client.ts';
import { IssuerKeys } from './eds/issuer-keys.ts';
import { RegistrationStore } from './eds/registration-store.ts';
import { createSetReceiver, SET_RECEIVER_PATH } from './eds/security-event-receiver.ts';
import { IMS_DOMAIN_DEFAULT } from './config/ims-config.ts';
import { ensureOperatorKey } from './operator-key.ts';
import { ensureSbiTls } from './sbi/sbi-tls.ts';
import { ensureStiMaterial, type StiMaterial } from './stir/sti-material.ts';
import { stiRepositoryHandler } from './stir/sti-repository.ts';
import { SbiRouter } from './sbi/sbi-router.ts';
import { startSbiServer, type SbiServer } from './sbi/sbi-server.ts';

export interface ImsOptions {
  /** The emulator's own folder (`$DATA_DIR/ims`). */
  imsDataDir: string;
  host?: string;
  /** SBI port (default 4700; 0 picks a free one). */
  sbiPort?: number;
  /** Console port (default 4600; 0 picks a free one). */
  consolePort?: number;
  domain?: string;
  resource?: string;
  operatorApiKey?: string | undefined;
  introspectionTimeoutMs?: number;
  /** Service provider code of the carrier's STI certificate (default `709J`). */
  stiSpc?: string;
  log?: (message: string) => void;
  now?: () => number;
}

export interface RunningIms {
  /** `https://localhost:<port>` */
  sbiUrl: string;
  /** `http://localhost:<port>` */
  consoleUrl: string;
  /** Where IdPs push security events: `<consoleUrl>/eds/ssf/events`. */
  setReceiverUrl: string;
  caCertPem: string;
  operatorApiKey: string;
  operatorApiKeyGenerated: boolean;
  db: Database;
  provisioning: ProvisioningStore;
  eds: Eds;
  if4: If4Client;
  registrations: RegistrationStore;
  audit: EdsAuditLog;
  cdrs: CdrStore;
  console: ConsoleServer;
  sbi: SbiServer;
  /** The carrier's STI material (`<imsDataDir>/sti/`) and the x5u URL its chain is served at. */
  sti: StiMaterial & { x5u: string };
  /** PBXs admitted to the SIP trunk over IF3 and still connected to the IBCF. */
  trunks: TrunkTable;
  /** The SBI router: other network functions add their routes here. */
  router: SbiRouter;
  close(): Promise<void>;
}

/**
 * @example
 * const ims = await startIms({ imsDataDir: '.data/ims', sbiPort: 0, consolePort: 0 });
 * const if1 = new If1Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
 */
export async function startIms(options: ImsOptions): Promise<RunningIms> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.log(m));
  const host = options.host ?? '127.0.0.1';
  const domain = options.domain ?? IMS_DOMAIN_DEFAULT;
  const resource = options.resource ?? `https://${domain}`;
  const tls = await ensureSbiTls(options.imsDataDir);
  const key = ensureOperatorKey(options.imsDataDir, options.operatorApiKey);
  const db = openDatabase(join(options.imsDataDir, 'ims.sqlite'));

  const provisioning = new ProvisioningStore(db, { realm: domain, now });
  const registrations = new RegistrationStore(db, now);
  const audit = new EdsAuditLog(db, now);
  const cdrs = new CdrStore(db);
  const if4 = new If4Client({ timeoutMs: options.introspectionTimeoutMs ?? 3000 });
  const keys = new IssuerKeys();
  const eds = new Eds({ store: provisioning, registrations, audit, if4, keys, resource, domain, now, log });

  const router = new SbiRouter();
  addBssRoutes(router, { store: provisioning, apiKey: key.key });
  addIf1Routes(router, { eds, store: provisioning, registrations, apiKey: key.key, domain });
  addIf2Routes(router, { eds, store: provisioning, apiKey: key.key });
  const trunks = addIf3Routes(router, { store: provisioning, audit, apiKey: key.key, now });
  const sbi = await startSbiServer({ host, port: options.sbiPort ?? 4700, certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, router, log });
  const consoleServer = await startConsoleServer({ host, port: options.consolePort ?? 4600, log });
  const consoleUrl = `http://localhost:${consoleServer.port}`;
  // The STI certificate repository (x5u): the carrier's chain at /sti/carrier.pem.
  const stiMaterial = await ensureStiMaterial(options.imsDataDir, { spc: options.stiSpc ?? '709J' });
  consoleServer.addHandler(stiRepositoryHandler(new Map([['carrier', stiMaterial.chainPem]])));
  const setReceiverUrl = `${consoleUrl}${SET_RECEIVER_PATH}`;
  consoleServer.addHandler(
    createSetReceiver({
      db,
      store: provisioning,
      keys,
      eds,
      audit,
      defaultAudiences: () => [setReceiverUrl, `http://127.0.0.1:${consoleServer.port}${SET_RECEIVER_PATH}`],
      now,
      log,
    }),
  );
  const prune = setInterval(() => eds.cache.prune(), 60_000);
  prune.unref();

  let closed: Promise<void> | undefined;
  return {
    sbiUrl: `https://localhost:${sbi.port}`,
    consoleUrl,
    setReceiverUrl,
    caCertPem: tls.caCertPem,
    operatorApiKey: key.key,
    operatorApiKeyGenerated: key.generated,
    db,
    provisioning,
    eds,
    if4,
    registrations,
    audit,
    cdrs,
    trunks,
    sti: { ...stiMaterial, x5u: `${consoleUrl}/sti/carrier.pem` },
    console: consoleServer,
    sbi,
    router,
    close() {
      closed ??= (async () => {
        clearInterval(prune);
        await Promise.all([sbi.close(), consoleServer.close()]);
        if4.close();
        db.close();
      })();
      return closed;
    },
  };
}
