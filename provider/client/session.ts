// The session token of one API key: `POST /sessions` once, reuse the token until shortly before it expires.
//
// - Single flight: however many requests need a token at once, one `POST /sessions` is in flight.
// - A 401 invalidates the token it was sent with (and only that one), so 100 requests failing with the same
//   expired token cause one refresh.
// - A changed secret drops the token: it was minted with the old secret.
// - The secret lives in a private field: `util.inspect` of the client or session never shows it.
import { errorFromResponse, invalidCredentialsError, unexpectedResponseError } from "./errors";
import type { Redactor } from "./redact";
import { retryTransientFailures, type RetryPolicy } from "./retry";
import { sessionSchema } from "./schemas";
import type { Transport } from "./transport";

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
  readonly #redactor: Redactor;
  readonly #settings: () => SessionSettings;
  #secret: string;
  /** Bumped on every secret change, so a token minted with an older secret is never stored. */
  #secretGeneration = 0;
  #current?: { token: string; refreshAt: number };
  #minting?: Promise<string>;

  constructor(transport: Transport, redactor: Redactor, keyId: string, secret: string, settings: () => SessionSettings) {
    this.#transport = transport;
    this.#redactor = redactor;
    this.keyId = keyId;
    this.#secret = secret;
    this.#settings = settings;
    redactor.add(secret);
  }

  setSecret(secret: string): void {
    if (secret === this.#secret) return;
    this.#secret = secret;
    this.#secretGeneration++;
    this.#current = undefined;
    this.#redactor.add(secret);
  }

  /** A token valid for a while yet: the cached one, or a new one (one `POST /sessions` for all callers). */
  async token(): Promise<string> {
    if (this.#current && Date.now() < this.#current.refreshAt) return this.#current.token;
    this.#minting ??= this.#mint().finally(() => {
      this.#minting = undefined;
    });
    return this.#minting;
  }

  /** Didomi answered 401 to a request sent with `token`: stop using it (unless it was already replaced). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #mint(): Promise<string> {
    for (;;) {
      const generation = this.#secretGeneration;
      const requestedAt = Date.now();
      const token = await retryTransientFailures(() => this.#createSession(this.#secret), this.#settings());
      if (generation !== this.#secretGeneration) continue; // the secret changed meanwhile: mint with the new one
      this.#redactor.add(token);
      this.#current = { token, refreshAt: requestedAt + lifetimeMs(token) - refreshMarginMs(lifetimeMs(token)) };
      return token;
    }
  }

  async #createSession(secret: string): Promise<string> {
    const request = { method: "POST" as const, path: "/sessions" };
    const response = await this.#transport.send({
      ...request,
      headers: {},
      body: { type: "api-key", key: this.keyId, secret },
      timeoutMs: this.#settings().requestTimeoutMs,
    });
    const outcome = { ...request, path: this.#transport.displayPath(request.path), status: response.status };
    const scrub = (text: string) => this.#redactor.scrub(text);
    // Didomi answers 400, not 401, to bad credentials (BEHAVIOR §1.2): never worth retrying.
    if (response.status === 400) throw invalidCredentialsError({ ...outcome, body: response.body }, this.keyId, scrub);
    if (response.status < 200 || response.status >= 300) throw errorFromResponse({ ...outcome, body: response.body }, { scrub });
    const parsed = sessionSchema.safeParse(response.body);
    if (!parsed.success) throw unexpectedResponseError(outcome, parsed.error);
    return parsed.data.access_token;
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
