// The web softphone's runtime configuration (`/config.json`), from the same environment variables
// the IdP and the emulator read, so `npm start` needs no extra settings.

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ issuer: string, clientId: string, resource: string, sipWebSocketUrl: string, imsDomain: string }}
 */
export function webConfigFromEnv(env) {
  const imsDomain = env.IMS_DOMAIN || 'ims.mnc001.mcc001.3gppnetwork.org';
  return {
    issuer: (env.SOFTPHONE_ISSUER || env.IDP_ISSUER || `http://localhost:${env.IDP_PORT || 4400}`).replace(/\/+$/, ''),
    clientId: env.SOFTPHONE_CLIENT_ID || 'softphone',
    resource: env.IMS_RESOURCE || `https://${imsDomain}`,
    sipWebSocketUrl: env.SOFTPHONE_SIP_WS_URL || `ws://localhost:${env.IMS_SIP_WS_PORT || 5066}`,
    imsDomain,
  };
}
