// The per-organization request budget: Didomi allows 100 requests per 15 s per organization, shared by all the
// organization's API keys (BEHAVIOR §1.7). Pulumi runs up to 4×CPUs operations at once in one provider process;
// this limiter is the queue they wait in.
//
// Three rules, each a guard against a 429:
// 1. A sliding log: at most `limit` requests start in any window (+ a safety margin for network jitter). This
//    never exceeds a fixed window on the server, whatever that window's alignment.
// 2. The server's word: `RateLimit-Policy: 100;w=15` sets the window and caps the limit; when `RateLimit:
//    remaining=R, reset=S` shows that the requests already in flight use up what remains (another process or key
//    is spending the same budget), new requests wait `S` seconds.
// 3. A 429 pauses every request of the organization for `Retry-After` seconds.
import type { IncomingHttpHeaders } from "node:http";

const DIDOMI_WINDOW_MS = 15_000;
/** Requests started just inside a window can arrive just after it: keep this much extra distance. */
const SAFETY_MARGIN_MS = 200;

export class RateLimiter {
  /** Requests per 15 s the user allows (didomi:maxRequestsPer15s). */
  #budgetPer15s: number;
  /** What the server announced in `RateLimit-Policy`, once a response has arrived. */
  #serverPolicy?: { limit: number; windowMs: number };
  /** Start times of the requests sent during the last window, oldest first. */
  readonly #starts: number[] = [];
  #inFlight = 0;
  #pausedUntil = 0;
  readonly #waiting: Array<() => void> = [];
  #wakeTimer?: NodeJS.Timeout;

  constructor(budgetPer15s: number) {
    this.#budgetPer15s = budgetPer15s;
  }

  /** The latest client's setting wins: all clients of one organization share this limiter. */
  setBudget(budgetPer15s: number): void {
    this.#budgetPer15s = budgetPer15s;
  }

  /** Requests allowed per window, and the window: the user's budget scaled to the server's window, capped by the server. */
  get policy(): { limit: number; windowMs: number } {
    const windowMs = this.#serverPolicy?.windowMs ?? DIDOMI_WINDOW_MS;
    const budget = Math.max(1, Math.floor((this.#budgetPer15s * windowMs) / DIDOMI_WINDOW_MS));
    return { limit: Math.min(budget, this.#serverPolicy?.limit ?? Infinity), windowMs };
  }

  /** Resolves when the caller may send one request; the caller must then call `release` exactly once. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#admit();
    });
  }

  /** The request is over. Pass the response headers when a response arrived: the limiter learns from them. */
  release(headers?: IncomingHttpHeaders): void {
    this.#inFlight--;
    if (headers) this.#learn(headers);
    this.#admit();
  }

  /** After a 429: pause the whole organization. Returns when requests resume (epoch ms). */
  pauseAfterTooManyRequests(headers: IncomingHttpHeaders): number {
    const waitMs = parseRetryAfterMs(headers["retry-after"]) ?? parseRateLimit(headers.ratelimit)?.resetMs ?? this.policy.windowMs;
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + waitMs + SAFETY_MARGIN_MS);
    this.#admit();
    return this.#pausedUntil;
  }

  #learn(headers: IncomingHttpHeaders): void {
    const policy = parseRateLimitPolicy(headers["ratelimit-policy"]);
    const rateLimit = parseRateLimit(headers.ratelimit);
    if (policy) this.#serverPolicy = policy;
    else if (rateLimit?.limit !== undefined) this.#serverPolicy = { limit: rateLimit.limit, windowMs: this.policy.windowMs };
    if (rateLimit && rateLimit.remaining <= this.#inFlight) {
      this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + rateLimit.resetMs + SAFETY_MARGIN_MS);
    }
  }

  /** Lets waiting requests go while the budget allows, then sleeps until the next slot frees up. */
  #admit(): void {
    clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    const now = Date.now();
    const { limit, windowMs } = this.policy;
    const span = windowMs + SAFETY_MARGIN_MS;
    while (this.#starts.length > 0 && this.#starts[0]! <= now - span) this.#starts.shift();
    while (this.#waiting.length > 0 && now >= this.#pausedUntil && this.#starts.length < limit) {
      this.#starts.push(now);
      this.#inFlight++;
      this.#waiting.shift()!();
    }
    if (this.#waiting.length === 0) return;
    // The next slot frees up when enough of the oldest starts leave the window (the limit may have just shrunk).
    const slotFreesAt = this.#starts.length >= limit ? this.#starts[this.#starts.length - limit]! + span : now;
    const wakeAt = Math.max(this.#pausedUntil, slotFreesAt);
    this.#wakeTimer = setTimeout(() => this.#admit(), Math.max(1, wakeAt - now));
  }
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per (base URL, organization), shared by every client in the process. */
export function limiterFor(baseUrl: string, organizationId: string, budgetPer15s: number): RateLimiter {
  const key = `${baseUrl}\n${organizationId}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter(budgetPer15s);
    limiters.set(key, limiter);
  } else {
    limiter.setBudget(budgetPer15s);
  }
  return limiter;
}

/** `RateLimit: limit=100, remaining=60, reset=7` (IETF draft-07, as Didomi sends it). */
export function parseRateLimit(header: string | string[] | undefined): { limit?: number; remaining: number; resetMs: number } | undefined {
  const fields = parseFields(header);
  const remaining = fields.get("remaining");
  const reset = fields.get("reset");
  if (remaining === undefined || reset === undefined) return undefined;
  const limit = fields.get("limit");
  return { remaining, resetMs: reset * 1000, ...(limit !== undefined ? { limit } : {}) };
}

/** `RateLimit-Policy: 100;w=15`. */
export function parseRateLimitPolicy(header: string | string[] | undefined): { limit: number; windowMs: number } | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const match = text?.match(/^\s*(\d+)\s*;\s*w\s*=\s*(\d+(?:\.\d+)?)/);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowSeconds = Number(match[2]);
  return limit > 0 && windowSeconds > 0 ? { limit, windowMs: windowSeconds * 1000 } : undefined;
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP date>`. */
export function parseRetryAfterMs(header: string | string[] | undefined): number | undefined {
  const text = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseFields(header: string | string[] | undefined): Map<string, number> {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  const fields = new Map<string, number>();
  for (const part of text.split(/[,;]/)) {
    const [name, value] = part.split("=").map((piece) => piece.trim());
    if (name && value !== undefined && value !== "" && Number.isFinite(Number(value))) fields.set(name.toLowerCase(), Number(value));
  }
  return fields;
}
