// The incoming-call screen's identity parts rendered to HTML (react-dom/server): the three states
// of DESIGN.md, and the name card only for a verified card.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { callerIdentity, type CallerIdentity } from '@eims/phone';
import { IDENTITY_TEXT } from '@eims/phone';
import { IdentityBadge } from '../../../src/renderer/ui/identity-badge.tsx';
import { NameCard } from '../../../src/renderer/ui/name-card.tsx';

const jcard = encodeURIComponent(JSON.stringify(['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Alice Avery'], ['title', {}, 'text', 'Sales Director'], ['org', {}, 'text', ['Acme Corp', 'Sales']]]]));

function identity(verstat: string | undefined, cardVerified: boolean): CallerIdentity {
  return callerIdentity({
    pAssertedIdentity: [`"Alice Avery" <tel:+12025550101${verstat ? `;verstat=${verstat}` : ''}>`],
    from: `"Alice Avery" <sip:+12025550101@ims.mnc001.mcc001.3gppnetwork.org;user=phone>;tag=1`,
    callInfo: [`<data:application/vcard+json,${jcard}>;purpose=jcard${cardVerified ? ';verified="true"' : ''}`],
  });
}

describe('what bob sees about who is calling (DESIGN.md, TS 24.229 verstat, RFC 9796 name card)', () => {
  it('each state shows exactly its own words, and the three look different (class, icon)', () => {
    const html = (['verified', 'unverified', 'failed'] as const).map((state) => renderToStaticMarkup(createElement(IdentityBadge, { state })));
    html.forEach((h, i) => {
      const texts = Object.values(IDENTITY_TEXT).filter((t) => h.includes(`>${t}<`));
      expect(texts).toEqual([Object.values(IDENTITY_TEXT)[i]]);
    });
    expect(new Set(html.map((h) => /identity-(verified|unverified|failed)/.exec(h)?.[1])).size).toBe(3);
    expect(new Set(html.map((h) => /aria-hidden="true">([^<]*)</.exec(h)?.[1])).size).toBe(3);
  });

  it('a verified caller with a verified card shows the card: name, title, company, number', () => {
    const who = identity('TN-Validation-Passed', true);
    expect(who.state).toBe('verified');
    const html = renderToStaticMarkup(createElement(NameCard, { identity: who }));
    for (const text of ['Alice Avery', 'Sales Director', 'Acme Corp', '+12025550101']) expect(html).toContain(text);
  });

  it('a failed or unverified identity never shows card data, even when the card claims verified="true"', () => {
    for (const verstat of ['TN-Validation-Failed', undefined]) {
      const who = identity(verstat, true);
      expect(who.state).not.toBe('verified');
      expect(renderToStaticMarkup(createElement(NameCard, { identity: who }))).toBe('');
    }
  });

  it('a verified number with an unverified card shows no card', () => {
    expect(renderToStaticMarkup(createElement(NameCard, { identity: identity('TN-Validation-Passed', false) }))).toBe('');
  });
});
