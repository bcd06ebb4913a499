export {
  type SipHeaderField, type SipRequest, type SipResponse, type SipMessage, type CreateResponseExtra,
  canonicalHeaderName, getHeader, getHeaders, hasHeader, setHeader, addHeader, removeHeader,
  removeFirstHeaderValue, createResponse, createRequest, hasTagParam,
} from './sip-message.ts';
export { headerKey, isListHeader, splitHeaderList } from './header-names.ts';
export { defaultReasonPhrase } from './reason-phrases.ts';
