// The per-organization request budget: Didomi allows 100 requests per 15 s per organization, shared by all the
// organization's API keys (BEHAVIOR §1.7). Pulumi runs up to 4×CPUs operations at once in one provider process;
// this limiter is the queue they wait in.
//
// Four rules, each a guard against a 429:
// 1. A sliding log: at most `limit` requests start in any window (+ a safety margin for network jitter). This
//    never exceeds a fixed window on the server, whatever that window's alignment.
// 2. The server's word: `RateLimit-Policy: 100;w=15` sets the window and caps the limit; `RateLimit: remaining=R,
//    reset=S` says what is left of the current window, which another process, command or key may have spent:
//    until the reset, at most R requests start (fewer the ones still in flight), then the rest wait S seconds.
// 3. A first request goes alone: a new process (a new command) knows nothing of the window its predecessor
//    left, so it asks once and learns rule 2's figures before sending a burst.
// 4. A 429 pauses every request of the organization for `Retry-After` seconds.
//
// No wait is unbounded: a pause lasts at most maxRateLimitWaitSeconds, and a request that gets no slot within
// maxRateLimitWaitSeconds leaves the queue and fails, so one absurd Retry-After cannot hang the whole organization.
import type { IncomingHttpHeaders } from "node:http";
import { SETTING_SOURCES, settingName } from "./settings";

const DIDOMI_WINDOW_MS = 15_000;
/** Requests started just inside a window can arrive just after it: keep this much extra distance. */
const SAFETY_MARGIN_MS = 200;
/** Messages name the setting by its stack config key, and add its environment variable where they say what to do. */
const WAIT_KEY = SETTING_SOURCES.maxRateLimitWaitSeconds.config;

export interface RateLimiterSettings {
  /** Requests per 15 s the user allows (didomi:maxRequestsPer15s). */
  maxRequestsPer15s: number;
  /** The longest a request waits for a slot, and the longest a 429 pauses the organization (didomi:maxRateLimitWaitSeconds). */
  maxRateLimitWaitSeconds: number;
}

/**
 * What a request does after a 429: send again once the organization's pause ends (`notice` says when, for the log),
 * or give up (`hint` says why and what to do, for the error).
 */
export type TooManyRequestsVerdict = { resumesAt: number; notice: string } | { hint: string };

export class RateLimiter {
  readonly organizationId: string;
  #settings: RateLimiterSettings;
  /** What the server announced in `RateLimit-Policy`, once a response has arrived. */
  #serverPolicy?: { limit: number; windowMs: number };
  /** Start times of the requests sent during the last window, oldest first. */
  readonly #starts: number[] = [];
  #inFlight = 0;
  #pausedUntil = 0;
  /** Rule 3: no response has arrived yet, so one request at a time. */
  #firstResponsePending = true;
  /** Rule 2: how many more requests may start before the server's window resets (`RateLimit`). */
  #serverBudget?: { left: number; resetsAt: number };
  /** Callbacks that admit the waiting requests, first come first served. */
  readonly #waiting: Array<() => void> = [];
  #wakeTimer?: NodeJS.Timeout;

  constructor(organizationId: string, settings: RateLimiterSettings) {
    this.organizationId = organizationId;
    this.#settings = settings;
  }

  /** The latest client's settings win: all clients of one organization share this limiter. */
  configure(settings: RateLimiterSettings): void {
    this.#settings = settings;
  }

  get #maxWaitMs(): number {
    return this.#settings.maxRateLimitWaitSeconds * 1000;
  }

  /** Requests allowed per window, and the window: the user's budget scaled to the server's window, capped by the server. */
  get policy(): { limit: number; windowMs: number } {
    const windowMs = this.#serverPolicy?.windowMs ?? DIDOMI_WINDOW_MS;
    const budget = Math.max(1, Math.floor((this.#settings.maxRequestsPer15s * windowMs) / DIDOMI_WINDOW_MS));
    return { limit: Math.min(budget, this.#serverPolicy?.limit ?? Infinity), windowMs };
  }

  /**
   * Resolves true when the caller may send one request (it must then call `release` exactly once), or false when no
   * slot came up within maxRateLimitWaitSeconds (the request has left the queue: it must not be sent).
   */
  acquire(): Promise<boolean> {
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(deadline);
        resolve(true);
      };
      const deadline = setTimeout(() => {
        this.#admit(); // a slot may come due at this very moment
        const index = this.#waiting.indexOf(admit);
        if (index === -1) return;
        this.#waiting.splice(index, 1);
        this.#admit(); // sleeps for the requests still waiting, if any
        resolve(false);
      }, this.#maxWaitMs);
      this.#waiting.push(admit);
      this.#admit();
    });
  }

  /** Why a request that got no slot in time gave up, and what to do (for its error message). */
  get queueTimeoutHint(): string {
    return (
      `it got no slot in organization ${this.organizationId}'s rate limit (${this.#describePolicy()}) within ` +
      `${this.#settings.maxRateLimitWaitSeconds} s, the longest ${WAIT_KEY} allows: ${this.#advice()}`
    );
  }

  /** The request is over. Pass the response headers when a response arrived: the limiter learns from them. */
  release(headers?: IncomingHttpHeaders): void {
    this.#inFlight--;
    this.#firstResponsePending = false;
    if (headers) this.#learn(headers);
    this.#admit();
  }

  /**
   * After a 429 to a request first refused at `firstRefusedAt` (epoch ms): pauses the whole organization for
   * Retry-After (at most maxRateLimitWaitSeconds), and says when to send the request again, or why to give up now:
   * Didomi asks for a longer wait than allowed, or the request has been refused for longer than allowed in total.
   */
  afterTooManyRequests(headers: IncomingHttpHeaders, firstRefusedAt: number): TooManyRequestsVerdict {
    const askedMs = parseRetryAfterMs(headers["retry-after"]) ?? parseRateLimit(headers.ratelimit)?.resetMs ?? this.policy.windowMs;
    const resumesAt = this.#pause(askedMs);
    const maxWaitSeconds = this.#settings.maxRateLimitWaitSeconds;
    if (askedMs > this.#maxWaitMs) {
      return {
        hint:
          `Didomi asked organization ${this.organizationId} to wait ${formatSeconds(askedMs)} before its next request, longer than ` +
          `${WAIT_KEY} allows (${maxWaitSeconds} s): run again later, or raise ${settingName("maxRateLimitWaitSeconds")}`,
      };
    }
    if (resumesAt - firstRefusedAt > this.#maxWaitMs) {
      return {
        hint:
          `Organization ${this.organizationId} stayed over Didomi's rate limit (${this.#describePolicy()}, shared by all its ` +
          `API keys) for longer than ${WAIT_KEY} allows (${maxWaitSeconds} s): ${this.#advice()}`,
      };
    }
    const notice = `organization ${this.organizationId} is over Didomi's rate limit; its requests resume in ${formatSeconds(resumesAt - Date.now())}`;
    return { resumesAt, notice };
  }

  /** Holds every request of the organization back for `waitMs` (+ the safety margin), at most maxRateLimitWaitSeconds. */
  #pause(waitMs: number): number {
    const pauseMs = Math.min(waitMs + SAFETY_MARGIN_MS, this.#maxWaitMs);
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + pauseMs);
    this.#admit();
    return this.#pausedUntil;
  }

  #describePolicy(): string {
    const { limit, windowMs } = this.policy;
    return `${limit} requests per ${windowMs / 1000} s`;
  }

  #advice(): string {
    return `run Pulumi with a lower --parallel, stop other tools using the organization's keys, or raise ${settingName("maxRateLimitWaitSeconds")}`;
  }

  #learn(headers: IncomingHttpHeaders): void {
    const policy = parseRateLimitPolicy(headers["ratelimit-policy"]);
    const rateLimit = parseRateLimit(headers.ratelimit);
    if (policy) this.#serverPolicy = policy;
    else if (rateLimit?.limit !== undefined) this.#serverPolicy = { limit: rateLimit.limit, windowMs: this.policy.windowMs };
    // the requests still in flight may not be counted in `remaining` yet: they come out of it
    if (rateLimit) this.#serverBudget = { left: rateLimit.remaining - this.#inFlight, resetsAt: Date.now() + rateLimit.resetMs + SAFETY_MARGIN_MS };
  }

  /** Lets waiting requests go while the budget allows, then sleeps until the next slot frees up. */
  #admit(): void {
    clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    const now = Date.now();
    const { limit, windowMs } = this.policy;
    const span = windowMs + SAFETY_MARGIN_MS;
    while (this.#starts.length > 0 && this.#starts[0]! <= now - span) this.#starts.shift();
    if (this.#serverBudget && now >= this.#serverBudget.resetsAt) this.#serverBudget = undefined;
    const budget = this.#serverBudget;
    while (
      this.#waiting.length > 0 &&
      now >= this.#pausedUntil &&
      this.#starts.length < limit &&
      (!budget || budget.left > 0) &&
      !(this.#firstResponsePending && this.#inFlight > 0)
    ) {
      this.#starts.push(now);
      this.#inFlight++;
      if (budget) budget.left--;
      this.#waiting.shift()!();
    }
    // the first request's response (or failure) calls #admit again
    if (this.#waiting.length === 0 || (this.#firstResponsePending && this.#inFlight > 0)) return;
    // The next slot frees up when enough of the oldest starts leave the window (the limit may have just shrunk),
    // or, when the server's count is spent, at its reset.
    const slotFreesAt = this.#starts.length >= limit ? this.#starts[this.#starts.length - limit]! + span : now;
    const budgetResetsAt = budget && budget.left <= 0 ? budget.resetsAt : now;
    const wakeAt = Math.max(this.#pausedUntil, slotFreesAt, budgetResetsAt);
    this.#wakeTimer = setTimeout(() => this.#admit(), Math.max(1, wakeAt - now));
  }
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per (base URL, organization), shared by every client in the process. */
export function limiterFor(baseUrl: string, organizationId: string, settings: RateLimiterSettings): RateLimiter {
  const key = `${baseUrl}\n${organizationId}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter(organizationId, settings);
    limiters.set(key, limiter);
  } else {
    limiter.configure(settings);
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

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
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
