// Configuration of the emulator from the environment, with the defaults of DESIGN.md.
import { join, resolve } from 'node:path';

export const IMS_DOMAIN_DEFAULT = 'ims.mnc001.mcc001.3gppnetwork.org';

export interface ImsConfig {
  /** `$DATA_DIR` (default `.data`); the emulator's own files are in `<dataDir>/ims/`. */
  dataDir: string;
  imsDataDir: string;
  host: string;
  sbiPort: number;
  consolePort: number;
  /** IMS home domain (realm of digest credentials, host of subscriber IMPUs). */
  domain: string;
  /** RFC 8707 resource indicator the access tokens must be audience-restricted to. */
  resource: string;
  /** From `IMS_OPERATOR_API_KEY`; otherwise generated into `<imsDataDir>/operator-api-key`. */
  operatorApiKey: string | undefined;
  /** `IMS_STIR` = `on` (default) | `off`: SHAKEN signing in the originating AS, verification in the terminating AS. */
  stir: boolean;
  /** `IMS_STI_SPC`: the carrier's service provider code in its STI certificate's TNAuthList (default `709J`). */
  stiSpc: string;
  /** `IMS_STI_TRUST_ANCHORS`: PEM files of other carriers' STI-CA roots (comma-separated), beside `<imsDataDir>/sti/trusted/`. */
  stiTrustAnchorFiles: string[];
  /** `IMS_IBCF_INTERCONNECT_PORT`: the IBCF's SIP/TCP listener for peer networks (default 5070). */
  ibcfInterconnectPort: number;
}

type Env = Record<string, string | undefined>;

/** The environment variables naming the SIP listeners' ports (read by `startSipCore`). */
export const SIP_PORT_VARIABLES = [
  'IMS_SIP_WS_PORT', 'IMS_SIP_TCP_PORT', 'IMS_SIP_TLS_PORT', 'IMS_SIP_WSS_PORT',
  'IMS_PCSCF_CORE_PORT', 'IMS_SCSCF_PORT', 'IMS_AS_PORT',
  'IMS_IBCF_INTERCONNECT_PORT', 'IMS_IBCF_TRUNK_PORT',
] as const;

/** Every SIP listener on a free port: for tests and benchmarks that run several emulators at once. */
export function anyFreeSipPorts(): Record<(typeof SIP_PORT_VARIABLES)[number], string> {
  return Object.fromEntries(SIP_PORT_VARIABLES.map((name) => [name, '0'])) as Record<(typeof SIP_PORT_VARIABLES)[number], string>;
}

export function loadImsConfig(env: Env = process.env): ImsConfig {
  const dataDir = resolve(env['DATA_DIR'] ?? '.data');
  const domain = env['IMS_DOMAIN'] ?? IMS_DOMAIN_DEFAULT;
  return {
    dataDir,
    imsDataDir: join(dataDir, 'ims'),
    host: '127.0.0.1',
    sbiPort: port(env, 'IMS_SBI_PORT', 4700),
    consolePort: port(env, 'IMS_CONSOLE_PORT', 4600),
    domain,
    resource: env['IMS_RESOURCE'] ?? `https://${domain}`,
    operatorApiKey: env['IMS_OPERATOR_API_KEY'] || undefined,
    stir: onOff(env, 'IMS_STIR', true),
    stiSpc: spc(env['IMS_STI_SPC'] || '709J'),
    stiTrustAnchorFiles: (env['IMS_STI_TRUST_ANCHORS'] ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '').map((f) => resolve(f)),
    ibcfInterconnectPort: port(env, 'IMS_IBCF_INTERCONNECT_PORT', 5070),
  };
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new TypeError(`${name} must be "on" or "off", got "${env[name] ?? ''}".`);
}

/** A SHAKEN service provider code (an OCN-like token, TNAuthList IA5String). */
function spc(value: string): string {
  if (!/^[0-9A-Za-z]{1,16}$/.test(value)) throw new TypeError(`IMS_STI_SPC must be 1-16 letters or digits (e.g. 709J), got "${value}".`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new TypeError(`${name} must be a port number (0-65535), got "${raw}".`);
  return value;
}
