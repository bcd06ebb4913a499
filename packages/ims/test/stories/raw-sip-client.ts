// A bare SIP/TCP client for tests that need exact bytes on the wire (headers sip.js cannot send
// or read): writes requests as text, frames replies with @eims/sip's stream parser.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { SipStreamParser, createResponse, getHeader, getHeaders, serialize } from '@eims/sip';
import type { Endpoint, SipMessage, SipRequest, SipResponse } from '@eims/sip';

export interface RawResponse {
  readonly status: number;
  readonly message: SipResponse;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

export interface RequestSpec {
  from: string;
  to: string;
  headers?: string[];
  body?: string;
  callId?: string;
  cseq?: number;
  fromTag?: string;
}

/** The caller's side of a dialog a 2xx established (RFC 3261 §12.1.2). */
export interface RawDialog {
  readonly callId: string;
  readonly from: string;
  readonly fromTag: string;
  readonly to: string;
  readonly remoteTarget: string;
  readonly routeSet: readonly string[];
  cseq: number;
}

export interface RawSipClient {
  readonly port: number;
  readonly socket: Socket;
  request(method: string, uri: string, spec: RequestSpec): Promise<RawResponse>;
  /** Sends an INVITE; on a 2xx acknowledges it and returns the dialog. */
  invite(uri: string, spec: RequestSpec): Promise<{ response: RawResponse; dialog: RawDialog | undefined }>;
  /** A request inside `dialog` (BYE, re-INVITE ...), routed along its route set. */
  inDialog(dialog: RawDialog, method: string, headers?: string[]): Promise<RawResponse>;
  /** How an incoming INVITE is answered (default 180 then 200 with SDP). */
  answerInvitesWith(status: number): void;
  /** Requests the network sends to this client (answered 200 unless `reply` says otherwise). */
  readonly received: SipRequest[];
  waitForRequest(method: string, timeoutMs?: number): Promise<SipRequest>;
  close(): void;
}

export async function rawSipClient(server: Endpoint): Promise<RawSipClient> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: server.host, port: server.port }, () => resolve(s));
    s.once('error', reject);
  });
  return rawSipClientOn(socket);
}

/** The same client on a connection that already exists (one the network opened to us). */
export function rawSipClientOn(socket: Socket): RawSipClient {
  const parser = new SipStreamParser();
  const pending = new Map<string, (r: SipResponse) => void>();
  const received: SipRequest[] = [];
  const waiters: { method: string; resolve: (r: SipRequest) => void }[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const event of parser.push(chunk)) {
      if (event.type !== 'message') continue;
      const m: SipMessage = event.message;
      if (m.type === 'response') {
        if (m.status < 200) continue;
        const branch = /branch=([^;,\s]+)/.exec(getHeader(m, 'Via') ?? '')?.[1] ?? '';
        pending.get(branch)?.(m);
        pending.delete(branch);
      } else {
        received.push(m);
        if (m.method === 'INVITE') answerInvite(m);
        else if (m.method !== 'ACK') socket.write(serialize(createResponse(m, 200, 'OK', { toTag: 'raw' })));
        const i = waiters.findIndex((w) => w.method === m.method);
        if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
      }
    }
  });
  socket.on('error', () => undefined);
  const port = socket.localPort ?? 0;
  let cseq = 1;
  let inviteStatus = 200;
  const answerInvite = (invite: SipRequest): void => {
    const rr = getHeaders(invite, 'Record-Route').map((value) => ({ name: 'Record-Route', value }));
    const contact = { name: 'Contact', value: `<sip:raw@127.0.0.1:${port};transport=tcp>` };
    socket.write(serialize(createResponse(invite, 180, 'Ringing', { toTag: 'rawtag', headers: [...rr, contact] })));
    if (inviteStatus >= 300) {
      socket.write(serialize(createResponse(invite, inviteStatus, undefined, { toTag: 'rawtag' })));
      return;
    }
    socket.write(serialize(createResponse(invite, 200, 'OK', { toTag: 'rawtag', headers: [...rr, contact], body: new TextEncoder().encode(SDP), contentType: 'application/sdp' })));
  };
  const send = (lines: string[]): void => void socket.write(lines.join('\r\n'));
  const client: RawSipClient = {
    port,
    socket,
    received,
    request(method, uri, spec) {
      const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
      const body = spec.body ?? '';
      const lines = [
        `${method} ${uri} SIP/2.0`,
        `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <${spec.from}>;tag=${spec.fromTag ?? randomBytes(4).toString('hex')}`,
        `To: <${spec.to}>`,
        `Call-ID: ${spec.callId ?? randomBytes(8).toString('hex')}`,
        `CSeq: ${spec.cseq ?? cseq++} ${method}`,
        ...(spec.headers ?? []),
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ];
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no final response to ${method} within 30 s`)), 30_000);
        pending.set(branch, (message) => {
          clearTimeout(timer);
          resolve({ status: message.status, message, header: (n) => getHeader(message, n), headers: (n) => getHeaders(message, n) });
        });
        socket.write(lines.join('\r\n'));
      });
    },
    answerInvitesWith(status) {
      inviteStatus = status;
    },
    async invite(uri, spec) {
      const fromTag = spec.fromTag ?? randomBytes(4).toString('hex');
      const callId = spec.callId ?? randomBytes(8).toString('hex');
      const response = await client.request('INVITE', uri, {
        ...spec,
        fromTag,
        callId,
        cseq: 1,
        headers: [`Contact: <sip:raw@127.0.0.1:${port};transport=tcp>`, 'Content-Type: application/sdp', ...(spec.headers ?? [])],
        body: SDP,
      });
      if (response.status >= 300) return { response, dialog: undefined };
      const routeSet = response.headers('Record-Route').reverse();
      const contact = /<([^>]+)>/.exec(response.header('Contact') ?? '')?.[1] ?? uri;
      const dialog: RawDialog = { callId, from: `<${spec.from}>;tag=${fromTag}`, fromTag, to: response.header('To') ?? '', remoteTarget: contact, routeSet, cseq: 1 };
      send([
        `ACK ${contact} SIP/2.0`,
        `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
        'Max-Forwards: 70',
        ...routeSet.map((r) => `Route: ${r}`),
        `From: ${dialog.from}`,
        `To: ${dialog.to}`,
        `Call-ID: ${callId}`,
        'CSeq: 1 ACK',
        'Content-Length: 0',
        '',
        '',
      ]);
      return { response, dialog };
    },
    inDialog(dialog, method, headers = []) {
      dialog.cseq++;
      const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no final response to ${method} within 30 s`)), 30_000);
        pending.set(branch, (message) => {
          clearTimeout(timer);
          resolve({ status: message.status, message, header: (n) => getHeader(message, n), headers: (n) => getHeaders(message, n) });
        });
        send([
          `${method} ${dialog.remoteTarget} SIP/2.0`,
          `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=${branch};rport`,
          'Max-Forwards: 70',
          ...dialog.routeSet.map((r) => `Route: ${r}`),
          `From: ${dialog.from}`,
          `To: ${dialog.to}`,
          `Call-ID: ${dialog.callId}`,
          `CSeq: ${dialog.cseq} ${method}`,
          ...headers,
          'Content-Length: 0',
          '',
          '',
        ]);
      });
    },
    waitForRequest(method, timeoutMs = 5000) {
      const i = received.findIndex((r) => r.method === method);
      if (i >= 0) return Promise.resolve(received.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          method,
          resolve: (r) => {
            clearTimeout(timer);
            received.splice(received.indexOf(r), 1);
            resolve(r);
          },
        });
      });
    },
    close() {
      socket.destroy();
    },
  };
  return client;
}

const SDP = ['v=0', 'o=- 2 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', ''].join('\r\n');
