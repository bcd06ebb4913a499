// The desktop app's settings, read once in main from the environment with the demo stack's
// defaults (DESIGN.md). The renderer gets them over `app:get-config`; nothing is read from the page.
import { webConfigFromEnv } from '../../scripts/web-config.mjs';
import type { DesktopConfig } from '../shared/ipc-contract.ts';

export interface DesktopSettings extends DesktopConfig {
  /** Vite dev server serving the renderer (development only, ignored in packaged builds). */
  devServerUrl?: string;
  /** Help pages the app may open in the system browser besides the IdP. */
  helpUrlPrefixes: string[];
}

export type ConfigResult = { ok: true; value: DesktopSettings } | { ok: false; error: string };

/**
 * @example
 * const config = readDesktopConfig(process.env, { packaged: app.isPackaged });
 */
export function readDesktopConfig(env: Readonly<Record<string, string | undefined>>, options: { packaged: boolean }): ConfigResult {
  // The same variables, read the same way, as the web app's /config.json: one stack, one setting.
  const { issuer, clientId, resource, sipWebSocketUrl, imsDomain } = webConfigFromEnv(env);
  const issuerCheck = checkUrl(env['SOFTPHONE_ISSUER'] ? 'SOFTPHONE_ISSUER' : 'IDP_ISSUER', issuer, ['https:', 'http:']);
  if (issuerCheck) return { ok: false, error: issuerCheck };
  const wsCheck = checkUrl('SOFTPHONE_SIP_WS_URL', sipWebSocketUrl, ['wss:', 'ws:']);
  if (wsCheck) return { ok: false, error: wsCheck };
  const devServerUrl = env['SOFTPHONE_DEV_URL'];
  if (devServerUrl !== undefined && !options.packaged) {
    const devCheck = checkUrl('SOFTPHONE_DEV_URL', devServerUrl, ['http:']);
    if (devCheck) return { ok: false, error: devCheck };
  }
  const helpUrlPrefixes = (env['SOFTPHONE_HELP_URLS'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    ok: true,
    value: {
      issuer,
      clientId,
      resource,
      sipWebSocketUrl,
      imsDomain,
      helpUrlPrefixes,
      ...(devServerUrl !== undefined && !options.packaged ? { devServerUrl } : {}),
    },
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http/ws only to this computer (the local demo); anything remote must use TLS. */
function checkUrl(name: string, raw: string, schemes: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${name} is not a URL: "${raw}"`;
  }
  if (!schemes.includes(url.protocol)) return `${name} must use ${schemes.join(' or ')}, got "${raw}"`;
  if ((url.protocol === 'http:' || url.protocol === 'ws:') && !LOOPBACK.has(url.hostname)) {
    return `${name} must use TLS (https/wss) unless it points at this computer, got "${raw}"`;
  }
  return undefined;
}
