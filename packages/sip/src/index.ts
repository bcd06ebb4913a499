// @eims/sip: the IMS emulator's own SIP stack. Message model, URIs, typed header parsers,
// parser and serializer (this file); transactions, transports and proxy helpers are added below.
export { type Result, ok, err, assertNever } from './result.ts';
export { SipError, SipErrorCode, type PartialRequest, type SipErrorOptions } from './errors.ts';
export * from './message/index.ts';
export * from './uri/index.ts';
export * from './headers/index.ts';
export * from './parser/index.ts';
export { serialize } from './serializer/serialize.ts';
export * from './transaction/index.ts';
export * from './transport/index.ts';
export * from './proxy/index.ts';
export * from './stack/index.ts';
