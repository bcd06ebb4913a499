// Wire-format SIP messages for socket tests, written by hand (so tests do not depend on our serializer).

export function optionsText(options: { transport?: string; branch?: string; callId?: string; extra?: string; version?: string; contentLength?: string | null } = {}): string {
  const lines = [
    `OPTIONS sip:pcscf.ims.example SIP/${options.version ?? '2.0'}`,
    `Via: SIP/2.0/${options.transport ?? 'TCP'} client.invalid;branch=${options.branch ?? 'z9hG4bKtest1'};rport`,
    'Max-Forwards: 70',
    'To: <sip:pcscf.ims.example>',
    'From: <sip:alice@acme.example>;tag=abc',
    `Call-ID: ${options.callId ?? 'call-1'}`,
    'CSeq: 1 OPTIONS',
    ...(options.extra === undefined ? [] : [options.extra]),
    ...(options.contentLength === null ? [] : [`Content-Length: ${options.contentLength ?? '0'}`]),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function registerText(options: { transport?: string; branch?: string; contact?: string } = {}): string {
  return [
    'REGISTER sip:ims.example SIP/2.0',
    `Via: SIP/2.0/${options.transport ?? 'TCP'} client.invalid;branch=${options.branch ?? 'z9hG4bKreg1'};rport`,
    'Max-Forwards: 70',
    'To: <sip:alice@acme.example>',
    'From: <sip:alice@acme.example>;tag=r1',
    'Call-ID: reg-1',
    'CSeq: 1 REGISTER',
    `Contact: ${options.contact ?? '<sip:alice@client.invalid;transport=tcp>'}`,
    'Expires: 600',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
