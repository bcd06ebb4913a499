// Colleague search against the enterprise IdP (`GET <issuer>/directory/search?q=`), with the
// employee's own access token (RFC 6750 bearer). Works wherever `fetch` exists (Node, Electron
// renderer, browser); `fetch` is injectable for tests and for Electron's main-process proxying.
import { PhoneError, PhoneErrorCode, type Result } from '../errors.ts';
import type { ColleagueDirectory } from './dial-target.ts';

/** One colleague as the IdP's directory returns it. */
export interface Colleague {
  name: string;
  title: string;
  department: string;
  /** `sip:bob@acme.example`: what to INVITE. */
  threePid: string;
  e164: string | null;
  pictureUrl: string | null;
}

export interface IdpColleagueDirectoryOptions {
  /** The IdP's issuer URL. */
  issuer: string;
  /** The current access token (the session's), or undefined when signed out. */
  accessToken: () => string | undefined;
  /** Called once after a 401 to get a fresh token (e.g. `() => session.refresh().then((t) => t.accessToken)`). */
  refreshAccessToken?: () => Promise<string>;
  fetch?: typeof globalThis.fetch;
}

/**
 * @example
 * const directory = new IdpColleagueDirectory({ issuer, accessToken: () => session.tokens?.accessToken,
 *   refreshAccessToken: async () => (await session.refresh()).accessToken });
 * const found = await directory.search('Bob'); // → { ok: true, value: [{ name: 'Bob Baker', threePid, ... }] }
 * new CallManager(ua, { homeDomain, directory }).place('Bob Baker');
 */
export class IdpColleagueDirectory implements ColleagueDirectory {
  readonly #options: IdpColleagueDirectoryOptions;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: IdpColleagueDirectoryOptions) {
    this.#options = { ...options, issuer: options.issuer.replace(/\/+$/, '') };
    const f = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => f(input, init); // unbound `fetch` throws "Illegal invocation" in browsers
  }

  /** Up to 20 colleagues whose name, username or number contains `query`. */
  async search(query: string): Promise<Result<Colleague[]>> {
    const q = query.trim();
    if (q === '') return { ok: true, value: [] };
    let token = this.#options.accessToken();
    if (token === undefined) return fail('Sign in to search the company directory.');
    let response = await this.#get(q, token);
    if (!response.ok) return response;
    if (response.value.status === 401 && this.#options.refreshAccessToken) {
      try {
        token = await this.#options.refreshAccessToken();
      } catch (error) {
        return fail('Your sign-in has expired; sign in again to search the directory.', error);
      }
      response = await this.#get(q, token);
      if (!response.ok) return response;
    }
    const { status, body } = response.value;
    if (status === 401) return fail('The directory refused your sign-in; sign in again.');
    if (status !== 200) return fail(`The directory answered ${status}; try again later.`);
    const parsed = parseColleagues(body);
    return parsed ?? fail('The directory sent an answer this phone cannot read.');
  }

  /** The 3PID of the colleague whose name is `name` (exact, case-insensitive), else the only match. */
  async lookup(name: string): Promise<string | undefined> {
    const found = await this.search(name);
    if (!found.ok) throw found.error;
    const wanted = name.trim().toLowerCase();
    const exact = found.value.filter((c) => c.name.toLowerCase() === wanted);
    if (exact.length === 1) return exact[0]!.threePid;
    return found.value.length === 1 ? found.value[0]!.threePid : undefined;
  }

  async #get(q: string, token: string): Promise<Result<{ status: number; body: unknown }>> {
    try {
      const response = await this.#fetch(`${this.#options.issuer}/directory/search?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      const body: unknown = response.status === 200 ? await response.json() : await response.text();
      return { ok: true, value: { status: response.status, body } };
    } catch (error) {
      return fail('The company directory cannot be reached; check the network.', error);
    }
  }
}

function fail(message: string, cause?: unknown): { ok: false; error: PhoneError } {
  return { ok: false, error: new PhoneError(PhoneErrorCode.Directory, message, cause === undefined ? {} : { cause }) };
}

/** Checks the shape of the IdP's answer (untrusted input). */
export function parseColleagues(body: unknown): { ok: true; value: Colleague[] } | undefined {
  if (!Array.isArray(body)) return undefined;
  const out: Colleague[] = [];
  for (const item of body as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const c = item as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof c[k] === 'string' ? (c[k] as string) : undefined);
    const nullable = (k: string): string | null | undefined => (c[k] === null ? null : str(k));
    const name = str('name');
    const threePid = str('threePid');
    const e164 = nullable('e164');
    const pictureUrl = nullable('pictureUrl');
    if (name === undefined || threePid === undefined || !/^sips?:/i.test(threePid) || e164 === undefined || pictureUrl === undefined) return undefined;
    out.push({ name, title: str('title') ?? '', department: str('department') ?? '', threePid, e164, pictureUrl });
  }
  return { ok: true, value: out };
}
