// The MMTel AS's view of IF2: user data by 3PID, IMPU or tel:+E164, kept between calls and
// dropped as soon as the EDS says it changed. The IF2 event subscription (`/if2/v1/events`) is
// what makes keeping it safe: while the stream is down nothing is kept (events may be missed),
// each `user-changed` / `user-removed` drops every entry of that user, and an entry lives at
// most `maxAgeMs` in any case. Without it every originating INVITE cost one more SBI exchange.
import type { If2Client } from '../eds/if2-client.ts';
import type { If2User } from '../eds/if2-api.ts';
import type { If2Port } from '../mmtel-as/mmtel-as.ts';

export interface EdsIf2PortOptions {
  readonly client: If2Client;
  /** Upper bound on how long an answer is reused (default 30 s). */
  readonly maxAgeMs?: number;
  /** Entries kept at most (default 10,000); the oldest go first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
  readonly onError?: (error: Error) => void;
}

interface Entry {
  readonly user: If2User;
  readonly until: number;
}

/**
 * @example
 * const if2 = edsIf2Port({ client: new If2Client({ sbiUrl, caCertPem, apiKey }) });
 * const user = await if2.user('tel:+12025550101'); // asks the EDS once, then until a change
 */
export function edsIf2Port(options: EdsIf2PortOptions): If2Port & { readonly size: number; close(): void } {
  const { client } = options;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  let subscribed = false;
  /** Bumped on every drop: an answer that was in flight across a drop is not kept. */
  let generation = 0;
  const dropAll = (): void => {
    entries.clear();
    generation++;
  };
  const subscription = client.events(
    (event) => {
      for (const [key, entry] of entries) if (key === event.impu || entry.user.impu === event.impu) entries.delete(key);
      generation++;
    },
    {
      onState: (up) => {
        subscribed = up;
        dropAll();
      },
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    },
  );
  return {
    async user(id: string): Promise<If2User | undefined> {
      const hit = entries.get(id);
      if (hit !== undefined && hit.until > now()) return hit.user;
      if (hit !== undefined) entries.delete(id);
      const asked = generation;
      const user = await client.user(id);
      if (user !== undefined && subscribed && asked === generation) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(id, { user, until: now() + maxAgeMs });
      }
      return user;
    },
    get size() {
      return entries.size;
    },
    close(): void {
      subscription.close();
      dropAll();
    },
  };
}
