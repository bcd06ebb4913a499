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
}

type Env = Record<string, string | undefined>;

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
  };
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new TypeError(`${name} must be a port number (0-65535), got "${raw}".`);
  return value;
}
