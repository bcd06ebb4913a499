// Loads the IdP's configuration files (idp/config/*.json): client registrations and resource
// servers are data, not code (issue 2, item 4). Validated here so a bad file fails at start
// with a message naming the file and field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IdpError } from '../errors.ts';

export const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

/** One client registration: OIDC client metadata plus the IdP's own fields. */
export interface ClientRegistration {
  metadata: Record<string, unknown> & { client_id: string };
  firstParty: boolean;
  corsOrigins: string[];
  defaultResource: string | undefined;
}

export interface ResourceServerConfig {
  indicator: string;
  scope: string;
  /** Which claims its tokens carry: the employee card (IMS) or the admin role. */
  claims: 'employee' | 'admin';
}

export interface EnterpriseConfig {
  name: string;
  domain: string;
}

export interface IdpConfig {
  enterprise: EnterpriseConfig;
  clients: ClientRegistration[];
  resources: ResourceServerConfig[];
}

/** Reads clients.json and resources.json from `dir`, substituting `{issuer}`. */
export function loadIdpConfig(issuer: string, dir: string = CONFIG_DIR): IdpConfig {
  const clientsFile = `${dir}/clients.json`;
  const resourcesFile = `${dir}/resources.json`;
  const clientsJson = readJson(clientsFile, issuer) as { clients?: unknown };
  const resourcesJson = readJson(resourcesFile, issuer) as { resources?: unknown };
  if (!Array.isArray(clientsJson.clients)) fail(clientsFile, '"clients" must be an array');
  if (!Array.isArray(resourcesJson.resources)) fail(resourcesFile, '"resources" must be an array');
  const clients = (clientsJson.clients as unknown[]).map((entry, i): ClientRegistration => {
    if (typeof entry !== 'object' || entry === null) fail(clientsFile, `clients[${i}] must be an object`);
    const { firstParty, corsOrigins, defaultResource, ...metadata } = entry as Record<string, unknown>;
    if (typeof metadata['client_id'] !== 'string') fail(clientsFile, `clients[${i}].client_id must be a string`);
    if (corsOrigins !== undefined && !(Array.isArray(corsOrigins) && corsOrigins.every((o) => typeof o === 'string'))) {
      fail(clientsFile, `clients[${i}].corsOrigins must be a list of origins`);
    }
    return {
      metadata: metadata as ClientRegistration['metadata'],
      firstParty: firstParty === true,
      corsOrigins: (corsOrigins as string[] | undefined) ?? [],
      defaultResource: typeof defaultResource === 'string' ? defaultResource : undefined,
    };
  });
  const resources = (resourcesJson.resources as unknown[]).map((entry, i): ResourceServerConfig => {
    const r = entry as Partial<ResourceServerConfig>;
    if (typeof r.indicator !== 'string' || typeof r.scope !== 'string' || (r.claims !== 'employee' && r.claims !== 'admin')) {
      fail(resourcesFile, `resources[${i}] needs "indicator", "scope" and "claims" ("employee" or "admin")`);
    }
    return { indicator: r.indicator, scope: r.scope, claims: r.claims };
  });
  const enterpriseFile = `${dir}/enterprise.json`;
  const enterprise = readJson(enterpriseFile, issuer) as Partial<EnterpriseConfig>;
  if (typeof enterprise.name !== 'string' || typeof enterprise.domain !== 'string') {
    fail(enterpriseFile, 'needs "name" and "domain" strings');
  }
  return { enterprise: { name: enterprise.name, domain: enterprise.domain }, clients, resources };
}

function readJson(file: string, issuer: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replaceAll('{issuer}', issuer)) as unknown;
  } catch (cause) {
    throw new IdpError('ERR_IDP_CONFIG', `Cannot read the IdP configuration ${file}: ${(cause as Error).message}`, { cause });
  }
}

function fail(file: string, message: string): never {
  throw new IdpError('ERR_IDP_CONFIG', `Invalid IdP configuration ${file}: ${message}`);
}
