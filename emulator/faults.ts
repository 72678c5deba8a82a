// Fault injection for the next N requests matching a method and a path pattern (`*` = any characters): an error
// status, a delay, or a dropped connection before or after the change is committed.
import { randomId } from "./store";

export interface Fault {
  id: string;
  /** HTTP method, or "*" for any. */
  method: string;
  /** Matched against the request path without its query string; `*` matches any characters. */
  path: string;
  /** Requests still to be affected. */
  count: number;
  /** Answer this status (with the standard envelope, or `body`) without running the handler. */
  status?: number;
  body?: unknown;
  /** Extra response headers for `status` (a 429 or 503 gets `Retry-After: 1` unless given here). */
  headers?: Record<string, string>;
  /** Wait before handling (combinable with status and drop). */
  delayMs?: number;
  /** before-commit: close the connection without running the handler; after-commit: run it, then close. */
  drop?: "before-commit" | "after-commit";
}

interface ArmedFault extends Fault {
  pattern: RegExp;
}

const integerFrom = (min: number, max = Infinity) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const isObject = (value: unknown) => typeof value === "object" && value !== null;

/** Each field of a fault request body: the check its value must pass, and the message when it does not. */
const FIELD_CHECKS: Record<string, { valid: (value: unknown) => boolean; problem: string }> = {
  method: { valid: (v) => typeof v === "string" && v !== "", problem: 'must be an HTTP method or "*"' },
  path: { valid: (v) => typeof v === "string" && v !== "", problem: 'is required: a path pattern such as "/v1/domains*"' },
  count: { valid: integerFrom(1), problem: "must be an integer >= 1" },
  status: { valid: integerFrom(100, 599), problem: "must be an HTTP status between 100 and 599" },
  body: { valid: isObject, problem: "must be a JSON object or array" },
  headers: {
    valid: (v) => isObject(v) && Object.values(v as object).every((value) => typeof value === "string"),
    problem: "must be an object of string header values",
  },
  delayMs: { valid: integerFrom(0), problem: "must be an integer >= 0" },
  drop: { valid: (v) => v === "before-commit" || v === "after-commit", problem: 'must be "before-commit" or "after-commit"' },
};

/** Validates a fault request body; returns errors keyed by field (empty when valid). */
function faultErrors(spec: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = Object.keys(FIELD_CHECKS);
  for (const [field, value] of Object.entries(spec)) {
    const check = FIELD_CHECKS[field];
    if (!check) errors[field] = `is not a fault field (known: ${known.join(", ")})`;
    else if (!check.valid(value)) errors[field] = check.problem;
  }
  if (spec.path === undefined) errors.path = FIELD_CHECKS.path.problem;
  if (spec.status !== undefined && spec.drop !== undefined) {
    errors.drop = "cannot be combined with status (a dropped request gets no status)";
  }
  if (spec.body !== undefined && spec.status === undefined) errors.body = "needs a status";
  if (spec.status === undefined && spec.delayMs === undefined && spec.drop === undefined) {
    errors[""] = "give at least one of status, delayMs or drop";
  }
  return errors;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp("^" + glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
}

export class Faults {
  private armed: ArmedFault[] = [];

  /** Arms a fault; returns its id, or the validation errors. */
  add(spec: Record<string, unknown>): { id: string } | { errors: Record<string, string> } {
    const errors = faultErrors(spec);
    if (Object.keys(errors).length > 0) return { errors };
    const fault: ArmedFault = {
      ...(spec as Partial<Fault>),
      id: randomId(),
      method: ((spec.method as string | undefined) ?? "*").toUpperCase(),
      path: spec.path as string,
      count: (spec.count as number | undefined) ?? 1,
      pattern: globToRegExp(spec.path as string),
    };
    this.armed.push(fault);
    return { id: fault.id };
  }

  /** The first armed fault matching the request, consuming one of its count. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.armed.find(
      (candidate) => (candidate.method === "*" || candidate.method === method) && candidate.pattern.test(path),
    );
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count === 0) this.armed = this.armed.filter((candidate) => candidate !== fault);
    return fault;
  }

  list(): Fault[] {
    return this.armed.map(({ pattern: _pattern, ...fault }) => fault);
  }

  clear(): number {
    const cleared = this.armed.length;
    this.armed = [];
    return cleared;
  }
}
