import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { decodeTnAuthList, encodeTnAuthList } from '@eims/pki';
import { createStiCa, issueStiCertificate, parseCredential } from '../../src/index.ts';

describe('TNAuthList extension (RFC 8226 §9, EXPLICIT tags)', () => {
  it('encodes an SPC entry as SEQUENCE { [0] { IA5String } }: 30 08 a0 06 16 04 "709J"', () => {
    expect(Buffer.from(encodeTnAuthList([{ spc: '709J' }])).toString('hex')).toBe('3008a00616043730394a');
    expect(decodeTnAuthList(Buffer.from('3008a00616043730394a', 'hex'))).toEqual([{ spc: '709J' }]);
  });

  it('round-trips ranges and single numbers', () => {
    const entries = [{ spc: '616H' }, { range: { start: '12025550100', count: 200 } }, { one: '12025550101' }];
    expect(decodeTnAuthList(encodeTnAuthList(entries))).toEqual(entries);
  });

  it('refuses invalid numbers and empty lists, and rejects garbage on decode', () => {
    expect(() => encodeTnAuthList([])).toThrow(TypeError);
    expect(() => encodeTnAuthList([{ one: '+1202' }])).toThrow(TypeError);
    expect(() => encodeTnAuthList([{ range: { start: '1', count: 1 } }])).toThrow(TypeError);
    expect(decodeTnAuthList(Buffer.from('3003a00116', 'hex'))).toBeUndefined();
    expect(decodeTnAuthList(Buffer.from('3000', 'hex'))).toBeUndefined();
  });
});

describe('demo STI-CA (ATIS-1000080 shape)', () => {
  it('issues a carrier certificate under an intermediate, with the SPC in TNAuthList and the chain for x5u', async () => {
    const ca = await createStiCa();
    const sp = await issueStiCertificate(ca, { spc: '709J' });
    const [leaf, inter] = (sp.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
    const root = new X509Certificate(ca.root.certPem);
    expect(leaf!.ca).toBe(false);
    expect(inter!.ca).toBe(true);
    expect(leaf!.verify(inter!.publicKey) && inter!.verify(root.publicKey)).toBe(true);
    expect(leaf!.subject).toContain('CN=SHAKEN 709J');
    const cred = parseCredential(sp.chainPem, 'https://sti.example/sp.pem');
    expect(cred.ok && cred.value.tnAuthList).toEqual([{ spc: '709J' }]);
  });
});
