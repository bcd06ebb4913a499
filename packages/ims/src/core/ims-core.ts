// Starts the SIP side of the emulator: MMTel AS, S-CSCF, P-CSCF and the IBCF listeners, linked over SIP/TCP on
// loopback (P-CSCF → S-CSCF → AS), plus a small control API for tests and the console.
import type { TlsTransportOptions } from '@eims/sip';
import type { CdrInput } from '../billing/cdr.ts';
import { MmtelAs, type CdrSink, type If2Port } from '../mmtel-as/mmtel-as.ts';
import { IbcfInterconnect } from '../ibcf/ibcf-interconnect.ts';
import { IbcfTrunk, type IbcfTrunkOptions } from '../ibcf/ibcf-trunk.ts';
import { impuKey } from './public-identity.ts';
import { Pcscf, type PcscfOptions } from '../pcscf/pcscf.ts';
import type { PcscfHandle } from '../pcscf/pcscf-thread.ts';
import type { AsHandle } from '../mmtel-as/mmtel-as-thread.ts';
import type { StirService } from '../stir/stir-service.ts';
import type { If1Port } from '../scscf/if1-port.ts';
import type { Registration } from '../scscf/registration-store.ts';
import { Scscf } from '../scscf/scscf.ts';

export interface ImsCoreOptions<P extends PcscfHandle = Pcscf, A extends AsHandle = MmtelAs> {
  readonly host?: string;
  /**
   * How the MMTel AS starts: by default in this thread from `if2`, `cdrs` and `stir`; or as the
   * caller says (`startMmtelAsThread`, a thread of its own with its own IF2 client and STIR service).
   */
  readonly startAs?: (options: AsStartOptions) => Promise<A>;
  /** With `startAs`: the x5u the AS signs with, when it does STIR/SHAKEN (reported as `stir`). */
  readonly stirX5u?: string;
  /**
   * How the P-CSCF starts: in this thread (`Pcscf.start`, the default) or in a thread of its own
   * (`startPcscfThread`, what `npm start` uses).
   */
  readonly startPcscf?: (options: PcscfOptions) => Promise<P>;
  readonly domain: string;
  readonly if1: If1Port;
  /** The in-process MMTel AS's IF2 and CDR store (not used with `startAs`). */
  readonly if2?: If2Port;
  readonly cdrs?: CdrSink;
  /** STIR/SHAKEN in the in-process MMTel AS (sign originating, verify terminating); off without it. */
  readonly stir?: StirService;
  /** The IBCF's SIP/TCP listener for peer networks (5070 in DESIGN.md; 0 = any); not started without it. */
  readonly interconnectPort?: number;
  /**
   * The IBCF's SIP trunk for enterprise PBXs (TLS, 5071 in DESIGN.md; 0 = any); not started without
   * it. `trunkDomainOf` names the trunk enterprise (one with a PBX CA) whose range holds an E.164.
   */
  readonly trunk?: Pick<IbcfTrunkOptions, 'port' | 'tls' | 'if3' | 'pbxAddress'> & { readonly trunkDomainOf: (e164: string) => string | undefined };
  /** P-CSCF listeners (defaults 5066 / 5060 / 5061; 0 = any free port). */
  readonly wsPort?: number;
  readonly tcpPort?: number;
  readonly tlsPort?: number;
  /** SIP over secure WebSocket on the P-CSCF (with `tls`); default 5067. */
  readonly wssPort?: number;
  /** SIP over TLS and WSS on the P-CSCF; not started without it. */
  readonly tls?: Pick<TlsTransportOptions, 'server' | 'client'>;
  /**
   * Internal links (defaults 6050 P-CSCF core side, 6060 S-CSCF, 6070 AS; 0 = any). Keep them
   * fixed where registrations must survive a restart: Path and Service-Route name them.
   */
  readonly pcscfCorePort?: number;
  readonly scscfPort?: number;
  readonly asPort?: number;
  /** Stable digest nonce secret, so nonces survive a restart. */
  readonly digestSecret?: Buffer;
  readonly firstMessageTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ImsCoreListeners {
  readonly ws: string;
  readonly wss: string | undefined;
  readonly tcp: string;
  readonly tls: string | undefined;
  readonly scscf: string;
  readonly as: string;
  /** IBCF interconnect (`sip:127.0.0.1:5070;transport=tcp`), when started. */
  readonly interconnect: string | undefined;
  /** IBCF SIP trunk for PBXs (`sips:127.0.0.1:5071;transport=tls`), when started. */
  readonly trunk: string | undefined;
}

/** Where and how the MMTel AS listens, whichever thread it runs in. */
export interface AsStartOptions {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  readonly firstMessageTimeoutMs?: number;
  readonly log: (line: string) => void;
}

export interface RunningImsCore<P extends PcscfHandle = Pcscf, A extends AsHandle = MmtelAs> {
  readonly pcscf: P;
  readonly scscf: Scscf;
  readonly as: A;
  readonly ibcf: IbcfInterconnect | undefined;
  /** The IBCF's SIP trunk listener for enterprise PBXs, when started. */
  readonly trunk: IbcfTrunk | undefined;
  /** Whether the MMTel AS signs and verifies (STIR/SHAKEN), and the x5u URL of its certificates. */
  readonly stir: { readonly x5u: string } | undefined;
  readonly listeners: ImsCoreListeners;
  /** Resolves with the registration once `impu` (3PID or E.164) is registered. */
  waitForRegistration(impu: string, timeoutMs?: number): Promise<Registration>;
  /** Resolves once `impu` is no longer registered. */
  waitForDeregistration(impu: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the next CDR written for `callId` (or any call when omitted). */
  waitForCdr(callId?: string, timeoutMs?: number): Promise<CdrInput>;
  close(): Promise<void>;
}

/**
 * @example
 * const core = await startImsCore({ domain, if1: edsIf1Port({...}), if2: new If2Client({...}), cdrs: ims.cdrs });
 * console.log(core.listeners.ws); // ws://127.0.0.1:5066
 */
export async function startImsCore<P extends PcscfHandle = Pcscf, A extends AsHandle = MmtelAs>(options: ImsCoreOptions<P, A>): Promise<RunningImsCore<P, A>> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const guard = options.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: options.firstMessageTimeoutMs };
  const asOptions: AsStartOptions = { host, port: options.asPort ?? 6070, domain: options.domain, log, ...guard };
  const as = options.startAs === undefined ? await startAsHere<A>(asOptions, options) : await options.startAs(asOptions);
  let trunk: IbcfTrunk | undefined;
  const scscf = await Scscf.start({
    host,
    port: options.scscfPort ?? 6060,
    domain: options.domain,
    if1: options.if1,
    as: as.local,
    trunkRoute: (uri) => {
      const key = impuKey(uri);
      const domain = trunk === undefined || !key?.startsWith('tel:') ? undefined : options.trunk?.trunkDomainOf(key.slice(4));
      return domain === undefined ? undefined : trunk?.routeTo(domain);
    },
    ...(options.digestSecret === undefined ? {} : { digestSecret: options.digestSecret }),
    log,
    ...guard,
  });
  const startPcscf = options.startPcscf ?? ((o: PcscfOptions) => Pcscf.start(o) as Promise<PcscfHandle> as Promise<P>);
  const pcscf = await startPcscf({
    host,
    wsPort: options.wsPort ?? 5066,
    tcpPort: options.tcpPort ?? 5060,
    tlsPort: options.tlsPort ?? 5061,
    wssPort: options.wssPort ?? 5067,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: options.firstMessageTimeoutMs }),
    corePort: options.pcscfCorePort ?? 6050,
    scscf: scscf.local,
    log,
  });
  const ibcf = options.interconnectPort === undefined ? undefined : await startInterconnect(host, options.interconnectPort, scscf, log, guard);
  if (options.trunk !== undefined) {
    const { trunkDomainOf: _unused, ...t } = options.trunk;
    try {
      trunk = await IbcfTrunk.start({ host, ...t, scscf: scscf.local, log, ...guard });
    } catch (error) {
      // Optional like the interconnect: a busy port (another emulator, a test harness) is reported.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      log(`ibcf: SIP trunk not started: ${host}:${t.port ?? 5071} is in use (set IMS_IBCF_TRUNK_PORT to another port, or 0 for any)`);
    }
  }
  const l = pcscf.listeners;
  const listeners: ImsCoreListeners = {
    ws: `ws://${l.ws.host}:${l.ws.port}`,
    wss: l.wss === undefined ? undefined : `wss://localhost:${l.wss.port}`,
    tcp: `sip:${l.tcp.host}:${l.tcp.port};transport=tcp`,
    tls: l.tls === undefined ? undefined : `sips:${l.tls.host}:${l.tls.port};transport=tls`,
    scscf: `sip:${scscf.local.host}:${scscf.local.port};transport=tcp`,
    as: `sip:${as.local.host}:${as.local.port};transport=tcp`,
    interconnect: ibcf?.uri,
    trunk: trunk?.uri,
  };
  return {
    pcscf,
    scscf,
    as,
    ibcf,
    trunk,
    stir: options.stir ?? (options.stirX5u === undefined ? undefined : { x5u: options.stirX5u }),
    listeners,
    waitForRegistration: (impu, timeoutMs = 5000) =>
      waitFor(timeoutMs, `registration of ${impu}`, (done) => {
        const now = scscf.store.find(impu);
        if (now !== undefined) return done(now);
        return scscf.store.onChange(() => {
          const r = scscf.store.find(impu);
          if (r !== undefined) done(r);
        });
      }),
    waitForDeregistration: (impu, timeoutMs = 5000) =>
      waitFor(timeoutMs, `de-registration of ${impu}`, (done) => {
        if (scscf.store.find(impu) === undefined) return done(undefined);
        return scscf.store.onChange(() => {
          if (scscf.store.find(impu) === undefined) done(undefined);
        });
      }),
    waitForCdr: (callId, timeoutMs = 5000) =>
      waitFor(timeoutMs, `CDR of ${callId ?? 'a call'}`, (done) =>
        as.onCdr((cdr) => {
          if (callId === undefined || cdr.callId === callId) done(cdr);
        }),
      ),
    async close() {
      await ibcf?.close();
      await trunk?.close();
      await pcscf.close();
      await scscf.close();
      await as.close();
    },
  };
}

/** The MMTel AS in this thread, from the IF2 port, CDR store and STIR service given. */
async function startAsHere<A extends AsHandle>(common: AsStartOptions, options: Pick<ImsCoreOptions, 'if2' | 'cdrs' | 'stir'>): Promise<A> {
  if (options.if2 === undefined || options.cdrs === undefined) throw new TypeError('startImsCore needs if2 and cdrs for its MMTel AS, or startAs.');
  const as = await MmtelAs.start({ ...common, if2: options.if2, cdrs: options.cdrs, ...(options.stir === undefined ? {} : { stir: options.stir }) });
  return as as AsHandle as A;
}

/**
 * The IBCF interconnect is an optional entry: when its port is taken (another emulator, a test
 * harness that left IMS_IBCF_INTERCONNECT_PORT unset) the core runs without it and says so.
 */
async function startInterconnect(host: string, port: number, scscf: Scscf, log: (line: string) => void, guard: { firstMessageTimeoutMs?: number }): Promise<IbcfInterconnect | undefined> {
  try {
    return await IbcfInterconnect.start({ host, port, scscf: scscf.local, log, ...guard });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log(`ibcf: interconnect not started: ${host}:${port} is in use (set IMS_IBCF_INTERCONNECT_PORT to another port, or 0 for any)`);
    return undefined;
  }
}

function waitFor<T>(timeoutMs: number, what: string, watch: (done: (value: T) => void) => (() => void) | void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stop: (() => void) | void = undefined;
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      if (stop) stop();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the ${what}`));
    }, timeoutMs);
    stop = watch((value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (stop) stop();
      resolve(value);
    });
    if (settled && stop) stop();
  });
}
