// Public API of the proxy building blocks (RFC 3261 §16, RFC 3581).
export { addVia } from './add-via.ts';
export type { ViaSpec } from './add-via.ts';
export { stampReceived } from './via-received.ts';
export { addRecordRoute } from './record-route.ts';
export { processRoute } from './loose-route.ts';
export type { IsLocalUri, RouteResult } from './loose-route.ts';
export { checkMaxForwards, decrementMaxForwards } from './max-forwards.ts';
export { copyRequest, responseToForward } from './forward-response.ts';
export { forwardCancel } from './forward-cancel.ts';
export { forwardRequest } from './forward-request.ts';
export { forwardStateless, forwardStrayResponse } from './forward-stateless.ts';
export type { ForwardOptions } from './forward-request.ts';
export { statelessError } from './stateless-error.ts';
