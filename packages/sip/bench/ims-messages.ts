// A typical IMS INVITE (terminating side after STIR/SHAKEN signing) and its 200 OK, built once
// for the parser benchmark. The PASSporT is a real ES256 JWS over a SHAKEN claim set.
import { generateKeyPairSync, sign } from 'node:crypto';

const b64u = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

function passport(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = b64u(JSON.stringify({ alg: 'ES256', ppt: 'shaken', typ: 'passport', x5u: 'https://certs.carrier.example/sp-2025.pem' }));
  const payload = b64u(JSON.stringify({
    attest: 'A', dest: { tn: ['12025550199'] }, iat: 1767225600, orig: { tn: '12025550100' },
    origid: '3f0c2b7e-6f1d-4a2e-9c55-0b7d2e41c9aa',
  }));
  const sig = sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${b64u(sig)}`;
}

const SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 1d6f3c2e-5b8a-4a1e-9e2f-7c3b1a0d9e8f',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Qw3r',
  'a=ice-pwd:v7Lk2mN9pQ4sT6wY8zA1bC3d',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=candidate:1 1 udp 2122260223 192.0.2.44 54400 typ host generation 0',
  '',
].join('\r\n');

const COMMON = [
  'Via: SIP/2.0/TLS scscf.ims.carrier.example:5061;branch=z9hG4bK-scscf-5e1d2c9a0b',
  'Via: SIP/2.0/TLS pcscf.ims.carrier.example:5061;branch=z9hG4bK-pcscf-77aa31f0;received=203.0.113.10',
  'Via: SIP/2.0/WSS r8v2kq.invalid;branch=z9hG4bK-ue-9c1fe42d;received=198.51.100.20;rport=50412',
  'Record-Route: <sip:scscf.ims.carrier.example:5061;transport=tls;lr>',
  'Record-Route: <sip:pcscf.ims.carrier.example:5061;transport=tls;lr>',
  'Record-Route: <sip:pcscf.ims.carrier.example;transport=ws;lr;ob>',
];

export function imsInvite(): Buffer {
  const head = [
    'INVITE sip:+12025550199@ims.carrier.example;user=phone SIP/2.0',
    ...COMMON,
    'Route: <sip:ibcf.ims.carrier.example:5061;transport=tls;lr>',
    'Max-Forwards: 67',
    'From: "Alice Ng (Acme Corp)" <sip:+12025550100@ims.carrier.example;user=phone>;tag=9a1c7e3b',
    'To: <sip:+12025550199@ims.carrier.example;user=phone>',
    'Call-ID: 7d0c9a12b4e3f8a1@r8v2kq.invalid',
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@r8v2kq.invalid;transport=ws;ob>;+sip.instance="<urn:uuid:2f7c1e9a-5d3b-4c8e-a1f0-6b9d2e4c7a13>"',
    'P-Asserted-Identity: "Alice Ng (Acme Corp)" <sip:alice@acme.example>, <tel:+12025550100;verstat=TN-Validation-Passed>',
    `Identity: ${passport()};info=<https://certs.carrier.example/sp-2025.pem>;alg=ES256;ppt=shaken`,
    'Supported: outbound, path, gruu, timer, 100rel',
    'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, OPTIONS, MESSAGE, NOTIFY, REFER, INFO, PRACK',
    'Date: Thu, 01 Jan 2026 00:00:00 GMT',
    'User-Agent: eims-softphone/0.1',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(SDP)}`,
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${SDP}`);
}

export function imsOk(): Buffer {
  const head = [
    'SIP/2.0 200 OK',
    ...COMMON,
    'From: "Alice Ng (Acme Corp)" <sip:+12025550100@ims.carrier.example;user=phone>;tag=9a1c7e3b',
    'To: <sip:+12025550199@ims.carrier.example;user=phone>;tag=b7e2a91c',
    'Call-ID: 7d0c9a12b4e3f8a1@r8v2kq.invalid',
    'CSeq: 1 INVITE',
    'Contact: <sip:bob@h7k2p9.invalid;transport=ws;ob>',
    'Supported: outbound, timer',
    'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, OPTIONS, MESSAGE, NOTIFY, REFER, INFO, PRACK',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(SDP)}`,
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${SDP}`);
}
