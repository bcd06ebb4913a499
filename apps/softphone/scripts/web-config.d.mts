export interface WebConfig {
  issuer: string;
  clientId: string;
  resource: string;
  sipWebSocketUrl: string;
  imsDomain: string;
}
export function webConfigFromEnv(env: Record<string, string | undefined>): WebConfig;
