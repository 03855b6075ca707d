/**
 * A few strict shape checks, hand-written instead of zod: verification is a runtime's boot path
 * and zod alone costs ~90 ms to import. Each check throws ShapeError with a dotted path.
 */
export class ShapeError extends Error {
  constructor(
    readonly at: string,
    message: string,
  ) {
    super(`${at.replace(/^\./, "") || "(root)"}: ${message}`);
  }
}

export type Check<T> = (v: unknown, at: string) => T;

const fail = (at: string, msg: string): never => {
  throw new ShapeError(at, msg);
};

export const str: Check<string> = (v, at) => (typeof v === "string" ? v : fail(at, "expected a string"));
export const nonEmpty: Check<string> = (v, at) => (str(v, at).length > 0 ? (v as string) : fail(at, "must not be empty"));
export const hex64: Check<string> = (v, at) => (/^[0-9a-f]{64}$/.test(str(v, at)) ? (v as string) : fail(at, "expected 64 lowercase hex characters"));
export const bool: Check<boolean> = (v, at) => (typeof v === "boolean" ? v : fail(at, "expected a boolean"));
export const isoDate: Check<string> = (v, at) =>
  /^\d{4}-\d{2}-\d{2}T/.test(str(v, at)) && !Number.isNaN(Date.parse(v as string)) ? (v as string) : fail(at, "expected an ISO 8601 date-time");
export const anyDate: Check<string> = (v, at) => (!Number.isNaN(Date.parse(str(v, at))) ? (v as string) : fail(at, "expected a date-time"));
export const unknownValue: Check<unknown> = (v) => v;

export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (v, at) => (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fail(at, `expected an integer in ${min}..${max}`));
}

export function literal<T extends string | number>(value: T): Check<T> {
  return (v, at) => (v === value ? value : fail(at, `expected ${JSON.stringify(value)}`));
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, at) => (values.includes(v as T) ? (v as T) : fail(at, `expected one of ${values.join(", ")}`));
}

export function array<T>(item: Check<T>, min = 0): Check<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) return fail(at, "expected a list");
    if (v.length < min) return fail(at, `expected at least ${min} item(s)`);
    return v.map((x, i) => item(x, `${at}.${i}`));
  };
}

/** Own enumerable keys only, every key checked; the result is a fresh object without prototype tricks. */
export function record<T>(key: Check<string>, value: Check<T>): Check<Record<string, T>> {
  return (v, at) => {
    if (!isPlain(v)) return fail(at, "expected an object");
    const out: Record<string, T> = Object.create(null);
    for (const k of Object.keys(v)) out[key(k, `${at}.${k}`)] = value(v[k], `${at}.${k}`);
    return { ...out };
  };
}

type Fields = Record<string, Check<unknown>>;
type Out<R extends Fields, O extends Fields> = { [K in keyof R]: ReturnType<R[K]> } & { [K in keyof O]?: ReturnType<O[K]> };

/** Exactly these keys: required ones present, optional ones allowed, anything else refused. */
export function object<R extends Fields, O extends Fields = {}>(required: R, optional: O = {} as O): Check<Out<R, O>> {
  return (v, at) => {
    if (!isPlain(v)) return fail(at, "expected an object");
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (!Object.hasOwn(required, k) && !Object.hasOwn(optional, k)) fail(`${at}.${k}`, "unexpected field");
    for (const [k, check] of Object.entries(required)) {
      if (!Object.hasOwn(v, k)) fail(`${at}.${k}`, "missing");
      out[k] = check(v[k], `${at}.${k}`);
    }
    for (const [k, check] of Object.entries(optional)) if (Object.hasOwn(v, k) && v[k] !== undefined) out[k] = check(v[k], `${at}.${k}`);
    return out as Out<R, O>;
  };
}

export function tuple1<T>(item: Check<T>): Check<[T]> {
  return (v, at) => (Array.isArray(v) && v.length === 1 ? [item(v[0], `${at}.0`)] : fail(at, "expected exactly one item"));
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Runs a check; on failure returns the ShapeError instead of throwing. */
export function tryShape<T>(check: Check<T>, v: unknown): { ok: true; value: T } | { ok: false; error: ShapeError } {
  try {
    return { ok: true, value: check(v, "") };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, error: err };
    throw err;
  }
}
