export { parseMessage, type ParseOptions } from './parse-message.ts';
export { SipStreamParser, type StreamEvent } from './stream-parser.ts';
export { DEFAULT_LIMITS, type ParserLimits } from './limits.ts';
