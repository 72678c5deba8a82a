// The session token of one API key: `POST /sessions` once, reuse the token until shortly before it expires.
//
// - Single flight: however many requests need a token at once, one `POST /sessions` is in flight.
// - A 401 invalidates the token it was sent with (and only that one), so 100 requests failing with the same
//   expired token cause one refresh.
// - A changed secret drops the token: it was minted with the old secret.
// - A 429 pauses the organization of the request that needs the token, and POST /sessions waits it out like any
//   request (Didomi may count it against the organization), within maxRateLimitWaitSeconds.
// - The secret lives in a private field: `util.inspect` of the client or session never shows it.
import { setTimeout as sleep } from "node:timers/promises";
import { errorFromResponse, invalidCredentialsError, unexpectedResponseError } from "./errors";
import type { RateLimiter } from "./rate-limiter";
import { rememberSecret, scrubSecrets } from "./redact";
import { retryTransientFailures, type RetryPolicy } from "./retry";
import { sessionSchema } from "./schemas";
import { BASE_URL_SOURCES } from "./settings";
import type { HttpResponse, Transport } from "./transport";

const SESSIONS_PATH = "/sessions";
/** Tokens are refreshed this long before they expire... */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** ...or, for short-lived tokens (a test emulator's), after 90 % of their lifetime. */
const REFRESH_MARGIN_SHARE = 0.1;
/** Didomi documents a 1-hour lifetime; used when the token's `exp` cannot be read. */
const DEFAULT_LIFETIME_MS = 3_600_000;

export interface SessionSettings extends RetryPolicy {
  requestTimeoutMs: number;
}

export class Session {
  readonly keyId: string;
  readonly #transport: Transport;
  readonly #settings: () => SessionSettings;
  #secret: string;
  /** Bumped on every secret change, so a token minted with an older secret is never stored. */
  #secretGeneration = 0;
  #current?: { token: string; refreshAt: number };
  #minting?: Promise<string>;

  constructor(transport: Transport, keyId: string, secret: string, settings: () => SessionSettings) {
    this.#transport = transport;
    this.keyId = keyId;
    this.#secret = secret;
    this.#settings = settings;
    rememberSecret(secret);
  }

  setSecret(secret: string): void {
    if (secret === this.#secret) return;
    this.#secret = secret;
    this.#secretGeneration++;
    this.#current = undefined;
    rememberSecret(secret);
  }

  /**
   * A token valid for a while yet: the cached one, or a new one (one `POST /sessions` for all callers). `limiter` is
   * the rate limit of the caller's organization, which a 429 to `POST /sessions` pauses.
   */
  async token(limiter: RateLimiter): Promise<string> {
    if (this.#current && Date.now() < this.#current.refreshAt) return this.#current.token;
    this.#minting ??= this.#mint(limiter).finally(() => {
      this.#minting = undefined;
    });
    return this.#minting;
  }

  /** Didomi answered 401 to a request sent with `token`: stop using it (unless it was already replaced). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #mint(limiter: RateLimiter): Promise<string> {
    for (;;) {
      const generation = this.#secretGeneration;
      const requestedAt = Date.now();
      const token = await retryTransientFailures(() => this.#createSession(this.#secret, limiter), this.#settings());
      if (generation !== this.#secretGeneration) continue; // the secret changed meanwhile: mint with the new one
      rememberSecret(token);
      this.#current = { token, refreshAt: requestedAt + lifetimeMs(token) - refreshMarginMs(lifetimeMs(token)) };
      return token;
    }
  }

  /** `POST /sessions`, sent again after each 429 once the organization's pause is over. */
  async #createSession(secret: string, limiter: RateLimiter): Promise<string> {
    let firstRefusedAt: number | undefined;
    for (;;) {
      const response = await this.#transport.send({
        method: "POST",
        path: SESSIONS_PATH,
        headers: {},
        body: { type: "api-key", key: this.keyId, secret },
        timeoutMs: this.#settings().requestTimeoutMs,
      });
      if (response.status !== 429) return this.#readToken(response);
      firstRefusedAt ??= Date.now();
      const verdict = limiter.afterTooManyRequests(response.headers, firstRefusedAt);
      if ("hint" in verdict) throw this.#errorFrom(response, verdict.hint);
      this.#settings().log("info", `POST ${this.#transport.displayPath(SESSIONS_PATH)} → 429: ${verdict.notice}`);
      await sleep(verdict.resumesAt - Date.now());
    }
  }

  #readToken(response: HttpResponse): string {
    // Didomi answers 400, not 401, to bad credentials (BEHAVIOR §1.2): never worth retrying.
    if (response.status === 400) throw invalidCredentialsError(this.#outcome(response), this.keyId, scrubSecrets);
    if (response.status === 404) throw this.#errorFrom(response, this.#notFoundHint());
    if (response.status < 200 || response.status >= 300) throw this.#errorFrom(response);
    const parsed = sessionSchema.safeParse(response.body);
    if (!parsed.success) throw unexpectedResponseError(this.#outcome(response), parsed.error);
    return parsed.data.access_token;
  }

  /** A 404 on `/sessions` is nearly always a base URL without Didomi's `/v1`. */
  #notFoundHint(): string {
    const { baseUrl } = this.#transport;
    if (/\/v1$/.test(baseUrl)) return `${baseUrl} does not look like Didomi's API: check the base URL (${BASE_URL_SOURCES})`;
    return `Is the base URL (${BASE_URL_SOURCES}) missing /v1? e.g. ${baseUrl}/v1`;
  }

  #outcome(response: HttpResponse) {
    return { method: "POST", path: this.#transport.displayPath(SESSIONS_PATH), status: response.status, body: response.body };
  }

  #errorFrom(response: HttpResponse, hint?: string) {
    return errorFromResponse(this.#outcome(response), { scrub: scrubSecrets, ...(hint ? { hint } : {}) });
  }
}

/** From the JWT's `iat`/`exp` (measured locally, so server clock skew does not matter); 1 hour otherwise. */
function lifetimeMs(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { iat?: unknown; exp?: unknown };
    if (typeof payload.exp === "number" && typeof payload.iat === "number" && payload.exp > payload.iat) {
      return (payload.exp - payload.iat) * 1000;
    }
  } catch {
    // Not a JWT: Didomi does not document the token's format, so fall back to the documented lifetime.
  }
  return DEFAULT_LIFETIME_MS;
}

function refreshMarginMs(lifetime: number): number {
  return Math.min(REFRESH_MARGIN_MS, lifetime * REFRESH_MARGIN_SHARE);
}
