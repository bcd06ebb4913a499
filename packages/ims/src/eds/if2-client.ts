// Typed IF2 client for the MMTel AS: user and profile data, and a subscription to changes.
import { ImsError, IMS_ERROR_CODES } from '../errors.ts';
import { SbiClient, type EventSubscription, type SbiClientOptions, type SubscribeOptions } from '../sbi/sbi-client.ts';
import type { If2Event } from './eds-events.ts';
import type { If2User } from './if2-api.ts';

/**
 * @example
 * const if2 = new If2Client({ sbiUrl, caCertPem, apiKey });
 * const user = await if2.user('tel:+12025550101'); // name card data + attestation hint
 */
export class If2Client {
  readonly sbi: SbiClient;

  constructor(options: SbiClientOptions | SbiClient) {
    this.sbi = options instanceof SbiClient ? options : new SbiClient(options);
  }

  /** By 3PID, subscriber IMPU or `tel:+E164`; undefined when the EDS holds nothing for it. */
  async user(id: string): Promise<If2User | undefined> {
    const answer = await this.sbi.call<{ user: If2User }>('GET', `/if2/v1/users/${encodeURIComponent(id)}`);
    if (answer.ok) return answer.value.user;
    if (answer.status === 404) return undefined;
    throw new ImsError(IMS_ERROR_CODES.sbiProblem, `${answer.problem.code}: ${answer.problem.detail}`, { status: answer.status, cause: answer.problem });
  }

  events(onEvent: (event: If2Event) => void, options: SubscribeOptions = {}): EventSubscription {
    return this.sbi.subscribe<If2Event>('/if2/v1/events', onEvent, options);
  }

  close(): void {
    this.sbi.close();
  }
}
