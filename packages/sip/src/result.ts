// The result type of every function that reads untrusted wire input: no throwing on bad data.

/** Either a value or a typed error. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a value. @example `return ok(42)` */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an error. @example `return err(new SipError(...))` */
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** For exhaustive switches: the compiler proves this is unreachable. */
export function assertNever(x: never): never {
  throw new TypeError(`unexpected value ${String(x)}`);
}
