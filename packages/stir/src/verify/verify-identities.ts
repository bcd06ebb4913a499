// Several Identity headers in one request (RFC 8224 §6.2): the request is verified when any one
// header verifies; otherwise the response code follows §6.2.2's precedence.
import { err, type Result } from '@eims/sip';
import { StirError, StirErrorCode } from '../errors.ts';
import { verifyIdentity, type VerifiedPassport, type VerifyIdentityOptions } from './verify-identity.ts';

/**
 * Verifies every Identity header value until one passes. With none: ERR_STIR_MISSING_IDENTITY
 * (428). When all fail: 428 if every header had an unsupported ppt, 436 if the credentials of
 * every header were unobtainable, else the first other error (RFC 8224 §6.2.2).
 */
export async function verifyIdentities(values: readonly string[], options: VerifyIdentityOptions): Promise<Result<VerifiedPassport, StirError>> {
  if (values.length === 0) return err(new StirError(StirErrorCode.MISSING_IDENTITY, 'the request carries no Identity header'));
  const errors: StirError[] = [];
  for (const value of values) {
    const r = await verifyIdentity(value, options);
    if (r.ok) return r;
    errors.push(r.error);
  }
  const others = errors.filter((e) => e.status !== 428);
  if (others.length === 0) return err(errors[0]!);
  return err(others.every((e) => e.status === 436) ? others[0]! : (others.find((e) => e.status !== 436) ?? others[0]!));
}
