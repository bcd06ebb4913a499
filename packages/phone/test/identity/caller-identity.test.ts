import { describe, expect, it } from 'vitest';
import { callerIdentity, normalizeVerstat } from '../../src/identity/caller-identity.ts';

const from = (v: string) => v;
const jcardData = (card: unknown) => `data:application/json,${encodeURIComponent(JSON.stringify(card))}`;
const aliceCard = ['vcard', [
  ['version', {}, 'text', '4.0'],
  ['fn', {}, 'text', 'Alice Avery'],
  ['title', {}, 'text', 'Sales Director'],
  ['org', {}, 'text', ['Acme Corp', 'Sales']],
  ['photo', {}, 'uri', 'https://acme.example/alice-128x128.png'],
  ['tel', { type: 'work' }, 'uri', 'tel:+12025550101'],
]];

describe('caller identity from P-Asserted-Identity (RFC 3325, TS 24.229 §7.2A.20)', () => {
  it('a tel: PAI with verstat=TN-Validation-Passed is a verified caller (sip.js cannot parse it, issue #953)', () => {
    const id = callerIdentity({ pAssertedIdentity: ['<tel:+12025550101;verstat=TN-Validation-Passed>'], from: '<tel:+12025550101>;tag=a', callInfo: [] });
    expect(id).toEqual({ number: '+12025550101', uri: 'tel:+12025550101', verstat: 'TN-Validation-Passed', state: 'verified' });
  });

  it('verstat before the @ of a user=phone SIP URI (standard placement) is read', () => {
    const id = callerIdentity({ pAssertedIdentity: ['"Alice Avery" <sip:+12025550101;verstat=TN-Validation-Passed@ims.example;user=phone>'], from: undefined, callInfo: [] });
    expect(id.state).toBe('verified');
    expect(id.number).toBe('+12025550101');
    expect(id.name).toBe('Alice Avery');
    expect(id.uri).toBe('sip:+12025550101@ims.example;user=phone');
  });

  it('verstat after the host (carrier placement) is read too', () => {
    const id = callerIdentity({ pAssertedIdentity: ['<sip:+12025550101@ims.example;user=phone;verstat=TN-Validation-Failed>'], from: undefined, callInfo: [] });
    expect(id.verstat).toBe('TN-Validation-Failed');
    expect(id.state).toBe('failed');
  });

  it('the implicit set {3PID, tel} asserted together gives name, number and the 3PID URI', () => {
    const id = callerIdentity({
      pAssertedIdentity: ['"Alice Avery" <sip:alice@acme.example>, <tel:+1-202-555-0101;verstat=TN-Validation-Passed>'],
      from: '"Someone" <sip:+12025550101@ims.example;user=phone>;tag=9',
      callInfo: [],
    });
    expect(id).toMatchObject({ name: 'Alice Avery', number: '+12025550101', uri: 'sip:alice@acme.example', state: 'verified' });
  });

  it('PAI on two header lines is the same as one comma list', () => {
    const a = callerIdentity({ pAssertedIdentity: ['"Bob" <sip:bob@acme.example>', '<tel:+12025550102;verstat=No-TN-Validation>'], from: undefined, callInfo: [] });
    expect(a).toMatchObject({ name: 'Bob', number: '+12025550102', verstat: 'No-TN-Validation', state: 'unverified' });
  });

  it('a PAI tel verstat outranks a From verstat; disagreeing results report the failure', () => {
    const passed = callerIdentity({ pAssertedIdentity: ['<tel:+12025550101;verstat=TN-Validation-Passed>'], from: '<sip:+12025550101;verstat=No-TN-Validation@x.example;user=phone>;tag=1', callInfo: [] });
    expect(passed.verstat).toBe('TN-Validation-Passed');
    const conflict = callerIdentity({ pAssertedIdentity: ['<tel:+12025550101;verstat=TN-Validation-Passed>'], from: '<sip:+12025550101;verstat=TN-Validation-Failed@x.example;user=phone>;tag=1', callInfo: [] });
    expect(conflict.state).toBe('failed');
  });

  it('without any verstat the caller is unverified, and From supplies the identity', () => {
    const id = callerIdentity({ pAssertedIdentity: [], from: from('"Dave" <sip:+12025550999@carrier.example;user=phone>;tag=77'), callInfo: [] });
    expect(id).toEqual({ name: 'Dave', number: '+12025550999', uri: 'sip:+12025550999@carrier.example;user=phone', verstat: undefined, state: 'unverified' });
  });

  it('a tel: From (which breaks sip.js) is parsed, unquoted display names with spaces kept', () => {
    const id = callerIdentity({ pAssertedIdentity: [], from: 'Carol  Chen <tel:+12025550103;verstat=TN-Validation-Passed>;tag=5', callInfo: [] });
    expect(id).toMatchObject({ name: 'Carol Chen', number: '+12025550103', state: 'verified' });
  });

  it('quoted display names keep commas and escaped quotes', () => {
    const id = callerIdentity({ pAssertedIdentity: ['"Chen, Carol \\"CFO\\"" <sip:carol@acme.example>, <tel:+12025550103>'], from: undefined, callInfo: [] });
    expect(id.name).toBe('Chen, Carol "CFO"');
    expect(id.number).toBe('+12025550103');
  });

  it('carrier variants TN-Validation-Passed-B map to Passed and keep the raw value', () => {
    const id = callerIdentity({ pAssertedIdentity: ['<tel:+12025550101;verstat=TN-Validation-Passed-B>'], from: undefined, callInfo: [] });
    expect(id).toMatchObject({ verstat: 'TN-Validation-Passed', verstatRaw: 'TN-Validation-Passed-B', state: 'verified' });
    expect(normalizeVerstat('TN-Validation-Failed-A')).toBe('TN-Validation-Failed');
    expect(normalizeVerstat('Something-Else')).toBeUndefined();
  });

  it('an unknown verstat value is not treated as verified', () => {
    const id = callerIdentity({ pAssertedIdentity: ['<tel:+12025550101;verstat=Maybe>'], from: undefined, callInfo: [] });
    expect(id.state).toBe('unverified');
    expect(id.verstatRaw).toBe('Maybe');
  });

  it('garbage headers never throw and give an anonymous unverified caller', () => {
    for (const bad of ['', '<', '"unterminated', 'not a uri', '<mailto:x@y>', '<sip:>', '<tel:abc>', ',,,']) {
      const id = callerIdentity({ pAssertedIdentity: [bad], from: bad, callInfo: [bad] });
      expect(id.state).toBe('unverified');
      expect(id.card).toBeUndefined();
    }
    expect(callerIdentity({ pAssertedIdentity: [], from: undefined, callInfo: [] }).uri).toBe('anonymous');
  });
});

describe('Rich Call Data name card from Call-Info (RFC 9796)', () => {
  const verifiedPai = ['"Alice Avery" <sip:alice@acme.example>, <tel:+12025550101;verstat=TN-Validation-Passed>'];

  it('a verified identity with purpose=jcard;verified="true" yields a verified card with the jCard fields', () => {
    const id = callerIdentity({
      pAssertedIdentity: verifiedPai,
      from: undefined,
      callInfo: [`<${jcardData(aliceCard)}>;purpose=jcard;call-reason="Quarterly review";verified="true"`],
    });
    expect(id.card).toEqual({
      verified: true,
      name: 'Alice Avery',
      title: 'Sales Director',
      organization: 'Acme Corp',
      department: 'Sales',
      photo: 'https://acme.example/alice-128x128.png',
      callReason: 'Quarterly review',
    });
  });

  it('a base64 data: jCard is decoded', () => {
    const b64 = Buffer.from(JSON.stringify(aliceCard)).toString('base64');
    const id = callerIdentity({ pAssertedIdentity: verifiedPai, from: undefined, callInfo: [`<data:application/json;base64,${b64}>;purpose=jcard;verified="true"`] });
    expect(id.card?.name).toBe('Alice Avery');
  });

  it('a failed identity never shows the card as verified, even with verified="true"', () => {
    const id = callerIdentity({
      pAssertedIdentity: ['<tel:+12025550101;verstat=TN-Validation-Failed>'],
      from: undefined,
      callInfo: [`<${jcardData(aliceCard)}>;purpose=jcard;verified="true"`],
    });
    expect(id.state).toBe('failed');
    expect(id.card?.verified).toBe(false);
  });

  it('a missing identity (no verstat) never shows the card as verified', () => {
    const id = callerIdentity({ pAssertedIdentity: ['<sip:alice@acme.example>'], from: undefined, callInfo: [`<${jcardData(aliceCard)}>;purpose=jcard;verified="true"`] });
    expect(id.card?.verified).toBe(false);
  });

  it('without verified="true" the card is unverified (RFC 9796: absent means unverified)', () => {
    for (const v of ['', ';verified="false"', ';verified=yes']) {
      const id = callerIdentity({ pAssertedIdentity: verifiedPai, from: undefined, callInfo: [`<${jcardData(aliceCard)}>;purpose=jcard${v}`] });
      expect(id.card?.verified).toBe(false);
    }
  });

  it('an icon and a jcard in one comma list; the icon becomes the photo when the jCard has none', () => {
    const card = ['vcard', [['fn', {}, 'text', 'Bob Baker']]];
    const id = callerIdentity({
      pAssertedIdentity: verifiedPai,
      from: undefined,
      callInfo: [`<https://acme.example/logo-256x256.png>;purpose=icon;verified="true";integrity="sha256-abc", <${jcardData(card)}>;purpose=jcard;verified="true"`],
    });
    expect(id.card).toEqual({ verified: true, name: 'Bob Baker', photo: 'https://acme.example/logo-256x256.png' });
  });

  it('an https jCard reference is offered to the UI, not fetched; other purposes are ignored', () => {
    const id = callerIdentity({ pAssertedIdentity: verifiedPai, from: undefined, callInfo: ['<https://acme.example/alice.json>;purpose=jcard;verified="true"', '<https://acme.example/>;purpose=info'] });
    expect(id.card).toEqual({ verified: true, jcardUrl: 'https://acme.example/alice.json' });
  });

  it('a jCard photo with a javascript: or http: URI is dropped', () => {
    const card = ['vcard', [['fn', {}, 'text', 'X'], ['photo', {}, 'uri', 'javascript:alert(1)'], ['logo', {}, 'uri', 'http://insecure.example/a.png']]];
    const id = callerIdentity({ pAssertedIdentity: verifiedPai, from: undefined, callInfo: [`<${jcardData(card)}>;purpose=jcard;verified="true"`] });
    expect(id.card?.photo).toBeUndefined();
  });

  it('a malformed jCard yields a card with no fields rather than a crash', () => {
    for (const uri of ['data:application/json,%7Bnot-json', 'data:application/json;base64,@@@', `data:application/json,${encodeURIComponent('["x",[]]')}`]) {
      const id = callerIdentity({ pAssertedIdentity: verifiedPai, from: undefined, callInfo: [`<${uri}>;purpose=jcard;verified="true"`] });
      expect(id.card).toEqual({ verified: true });
    }
  });
});
