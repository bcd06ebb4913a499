// The MMTel AS's IF2 port keeps user data between calls only while the IF2 event stream tells it
// of changes: a second lookup does not reach the EDS, a provisioning change reaches the AS before
// its next lookup, and a lost stream forgets everything. Real data side, real SBI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SUBSCRIBER, provisionDemoSubscriber } from '../../src/bss/demo-provisioning.ts';
import { edsIf2Port } from '../../src/core/eds-if2-port.ts';
import { If2Client } from '../../src/eds/if2-client.ts';
import type { If2User } from '../../src/eds/if2-api.ts';
import { startTestIms, type TestIms } from '../support/ims-fixture.ts';

const DOMAIN = 'ims.mnc001.mcc001.3gppnetwork.org';
const DAVE = `sip:dave@${DOMAIN}`;

/** The real IF2 client, counting the lookups that reach the EDS. */
class CountingIf2Client extends If2Client {
  lookups = 0;
  override user(id: string): Promise<If2User | undefined> {
    this.lookups++;
    return super.user(id);
  }
}

let ims: TestIms;
beforeAll(async () => {
  ims = await startTestIms({ domain: DOMAIN });
  provisionDemoSubscriber(ims.provisioning, DOMAIN);
});
afterAll(async () => {
  await ims?.stop();
});

function port(): { client: CountingIf2Client; if2: ReturnType<typeof edsIf2Port> } {
  const client = new CountingIf2Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
  return { client, if2: edsIf2Port({ client }) };
}

describe('IF2 user data in the MMTel AS, kept fresh by the IF2 event stream', () => {
  it('answers a repeated lookup without asking the EDS again, by IMPU and by tel URI alike', async () => {
    const { client, if2 } = port();
    try {
      // Kept once the port's event stream is up.
      await expect.poll(async () => (await if2.user(DAVE), if2.size)).toBe(1);
      const before = client.lookups;
      expect((await if2.user(DAVE))?.e164).toBe(DEMO_SUBSCRIBER.e164);
      expect((await if2.user(DAVE))?.e164).toBe(DEMO_SUBSCRIBER.e164);
      expect(client.lookups).toBe(before);
      await if2.user(`tel:${DEMO_SUBSCRIBER.e164}`);
      await if2.user(`tel:${DEMO_SUBSCRIBER.e164}`);
      expect(client.lookups).toBe(before + 1);
    } finally {
      if2.close();
      client.close();
    }
  });

  it('a provisioning change reaches the AS: the next lookup asks the EDS and sees the new number', async () => {
    const { client, if2 } = port();
    try {
      await expect.poll(async () => (await if2.user(DAVE), if2.size)).toBe(1);
      const replaced = ims.provisioning.replaceSubscriber(DAVE, { impu: DAVE, e164: '+12025550998', digestUsername: 'dave', password: DEMO_SUBSCRIBER.password });
      expect(replaced.ok).toBe(true);
      await expect.poll(() => if2.size).toBe(0);
      const before = client.lookups;
      expect((await if2.user(DAVE))?.e164).toBe('+12025550998');
      expect(client.lookups).toBe(before + 1);
    } finally {
      ims.provisioning.replaceSubscriber(DAVE, { impu: DAVE, e164: DEMO_SUBSCRIBER.e164, digestUsername: 'dave', password: DEMO_SUBSCRIBER.password });
      if2.close();
      client.close();
    }
  });

  it('forgets everything when the event stream ends (events may be missed until it is back)', async () => {
    const other = await startTestIms({ domain: DOMAIN });
    provisionDemoSubscriber(other.provisioning, DOMAIN);
    const client = new CountingIf2Client({ sbiUrl: other.sbiUrl, caCertPem: other.caCertPem, apiKey: other.operatorApiKey });
    const if2 = edsIf2Port({ client });
    try {
      await expect.poll(async () => (await if2.user(DAVE), if2.size)).toBe(1);
      await other.sbi.close(); // the EDS's SBI goes away: the stream ends
      await expect.poll(() => if2.size).toBe(0);
    } finally {
      if2.close();
      client.close();
      await other.stop();
    }
  });
});
