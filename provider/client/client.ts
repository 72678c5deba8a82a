// The one Didomi API client (DESIGN §3, BEHAVIOR §13). Every request goes through the same pipeline:
//
//   rate limiter of (baseUrl, organization) → session token → one HTTP exchange (got)
//     401 → new token, sent once more          429 → organization paused for Retry-After, sent again
//     5xx / no response → GET, PATCH, DELETE retried with backoff; POST looks the object up first (create)
//   Waits for the rate limit are bounded by maxRateLimitWaitSeconds: past it, the request fails and says so.
//
// `getClient` keeps one client, hence one session, per (baseUrl, API key) for the life of the process.
import { z } from "zod";
import { ReadCoalescer } from "./coalesce";
import { DidomiError, TooManyRequestsError, errorFromResponse, unexpectedResponseError } from "./errors";
import { encodeQuery, type Query } from "./query";
import { limiterFor, type RateLimiter } from "./rate-limiter";
import { learnSecretsFrom, scrubSecrets } from "./redact";
import { giveUp, isTransient, logTransientFailure, retryTransientFailures, waitBeforeRetry, type Log } from "./retry";
import { identifiedSchema, listEnvelopeSchema } from "./schemas";
import { Session } from "./session";
import { BASE_URL_SOURCES, NUMBER_SETTINGS, settingName, type NumberSettingName } from "./settings";
import { Transport, type HttpRequest, type HttpResponse } from "./transport";
import { keptOf, matches, ViewState, type CollectionView } from "./views";

export interface ClientOptions {
  /** e.g. "https://api.didomi.io/v1" (a trailing slash is tolerated). */
  baseUrl: string;
  /** The API key id (the `key` of `POST /sessions`). */
  apiKey: string;
  apiSecret: string;
  /** Per-organization budget, shared by every client of the process. Default 100 (Didomi's limit). */
  maxRequestsPer15s?: number;
  /**
   * The longest a request waits for the rate limit: for a slot in the queue, for one Retry-After, and across all its
   * 429s. Also caps how long one 429 pauses the organization's other requests. Default 300.
   */
  maxRateLimitWaitSeconds?: number;
  /** Per HTTP exchange. Default 30. */
  requestTimeoutSeconds?: number;
  /** Retries of 5xx and connection errors. Default 4. */
  maxRetries?: number;
  /** Progress (waiting for the rate limit, retrying…). Never receives a secret. */
  log?: Log;
}

export interface RequestOptions {
  /** Sent as `organization_id` on every call; also selects the rate limiter. */
  organizationId: string;
  /** Arrays become `field[$in]=a&field[$in]=b`; null becomes the literal "null". */
  query?: Query;
  headers?: Record<string, string>;
}

export interface CreateOptions<T> extends RequestOptions {
  /** Looks the object up by its natural key; run when the outcome of the POST is unknown. */
  findExisting: () => Promise<T | undefined>;
}

interface ClientSettings extends Record<NumberSettingName, number> {
  baseUrl: string;
  apiKey: string;
  log: Log;
}

interface PreparedRequest extends Omit<HttpRequest, "timeoutMs" | "query"> {
  query: URLSearchParams;
  organizationId: string;
  /** The path as Didomi sees it (`/v1/domains`), for messages. */
  displayPath: string;
}

/** Didomi's page size and the most a list call may ask for (BEHAVIOR §1.6). */
const PAGE_SIZE = 100;
/** Requests that waited longer than this in the rate-limit queue are logged. */
const LOGGED_QUEUE_WAIT_MS = 1_000;
/** The provider always works in the multi-regulation view of notices and their configs (BEHAVIOR §8.1). */
const NOTICES_PATH = /^\/widgets\/notices(\/|$)/;

const clients = new Map<string, DidomiClient>();

/**
 * The client for (baseUrl, apiKey): made on first use, then shared for the life of the process, so one session
 * serves every resource of that key. Later calls update its options (the latest wins); a changed secret drops the
 * session token minted with the old one.
 */
export function getClient(options: ClientOptions): DidomiClient {
  const settings = normalizeOptions(options);
  const cacheKey = `${settings.baseUrl}\n${settings.apiKey}`;
  const cached = clients.get(cacheKey);
  if (cached) {
    cached.reconfigure(settings, options.apiSecret);
    return cached;
  }
  const client = new DidomiClient(settings, options.apiSecret);
  clients.set(cacheKey, client);
  return client;
}

export class DidomiClient {
  #settings: ClientSettings;
  readonly #transport: Transport;
  readonly #session: Session;
  readonly #coalescer = new ReadCoalescer();
  /** Per-collection reads of this operation (views.ts), by organization, view and headers. */
  readonly #views = new Map<string, ViewState>();

  /** Use `getClient`: it shares one client (and one session) per key. */
  constructor(settings: ClientSettings, apiSecret: string) {
    this.#settings = settings;
    this.#transport = new Transport(settings.baseUrl, scrubSecrets);
    this.#session = new Session(this.#transport, settings.apiKey, apiSecret, () => this.#policy);
  }

  /** The API this client talks to, normalized (no trailing slash): what names limits shared across clients. */
  get baseUrl(): string {
    return this.#settings.baseUrl;
  }

  reconfigure(settings: ClientSettings, apiSecret: string): void {
    this.#settings = settings;
    this.#session.setSecret(apiSecret);
  }

  /** One object. Throws NotFoundError on 404. */
  async get<T>(path: string, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    const request = this.#prepare("GET", path, options);
    return this.#parse(schema, request, await this.#sendRetrying(request));
  }

  /** Every object of a list, page after page; accepts Didomi's envelope or a bare array. */
  list<T>(path: string, itemSchema: z.ZodType<T>, options: RequestOptions): Promise<T[]> {
    return this.#listPages(path, itemSchema, options);
  }

  /**
   * One object by id, read through a list call shared with concurrent `getMany` calls for the same collection,
   * organization, headers and query. Resolves undefined when the object does not exist.
   */
  async getMany<T extends { id: string }>(
    collectionPath: string,
    id: string,
    itemSchema: z.ZodType<T>,
    options: RequestOptions,
  ): Promise<T | undefined> {
    const request = this.#prepare("GET", collectionPath, options); // validates now, in the caller's stack
    const batchKey = JSON.stringify([
      collectionPath,
      options.organizationId,
      sortedEntries(request.headers),
      sortedEntries(options.query),
    ]);
    const found = await this.#coalescer.read(batchKey, id, (ids) => this.#fetchByIds(collectionPath, ids, options));
    return found === undefined ? undefined : this.#parse(itemSchema, request, { status: 200, headers: {}, body: found });
  }

  /**
   * Every object whose `field` is `value` (a notice's configurations: `notice_id`), read through a list call
   * `field[$in]=…` shared with concurrent `listBy` calls for the same collection, organization, headers, query
   * and field. Resolves [] when there is none.
   */
  async listBy<T>(collectionPath: string, field: string, value: string, itemSchema: z.ZodType<T>, options: RequestOptions): Promise<T[]> {
    const request = this.#prepare("GET", collectionPath, options); // validates now, in the caller's stack
    const batchKey = JSON.stringify([collectionPath, options.organizationId, sortedEntries(request.headers), sortedEntries(options.query), field]);
    const found = (await this.#coalescer.read(batchKey, value, (values) => this.#fetchByField(collectionPath, field, values, options))) ?? [];
    return this.#parse(z.array(itemSchema), request, { status: 200, headers: {}, body: found });
  }

  /**
   * The objects of `view` whose key is `key` (a notice's draft: `notice_id`), served from the whole view, which the
   * first read fetches (views.ts). A key this process wrote to, or a view too large to keep, is read over the
   * network, coalesced with other such reads. Use it for what a refresh reads; a poll, which waits for a change,
   * uses `get` or `getMany`.
   */
  async readView<T>(view: CollectionView, key: string, itemSchema: z.ZodType<T>, options: RequestOptions): Promise<T[]> {
    const request = this.#prepare("GET", view.path, options);
    const state = this.#viewState(view, request);
    let objects = await state.lookUp(key);
    if (objects === undefined) {
      const writesBefore = state.writesTo(key);
      objects = await this.#readKey(view, key, request, options);
      state.remember(key, objects, writesBefore);
    }
    return this.#parse(z.array(itemSchema), request, { status: 200, headers: {}, body: objects });
  }

  /**
   * The objects of `view` that match `query` (equality; `null` matches an absent field): a lookup by natural key,
   * served from the whole view, or a list call when the view is too large to keep.
   */
  async findInView<T>(view: CollectionView, query: Record<string, string | null>, itemSchema: z.ZodType<T>, options: RequestOptions): Promise<T[]> {
    const request = this.#prepare("GET", view.path, options);
    const all = await this.#viewState(view, request).all();
    if (all === undefined) return this.list(view.path, itemSchema, { ...options, query: { ...options.query, ...view.filter, ...query } });
    return this.#parse(z.array(itemSchema), request, { status: 200, headers: {}, body: all.filter((object) => matches(object, query)) });
  }

  /**
   * POST. When the outcome is unknown (connection dropped, timeout, 5xx), Didomi may have created the object
   * (there are no idempotency keys): `findExisting` is run first, and what it finds is returned; only when it
   * finds nothing is the POST sent again. A 429 means "not processed" and is always safe to resend.
   */
  async create<T>(path: string, body: Record<string, unknown>, schema: z.ZodType<T>, options: CreateOptions<T>): Promise<T> {
    const request = this.#prepare("POST", path, options, body);
    const policy = this.#policy;
    for (let retryIndex = 0; ; retryIndex++) {
      try {
        return await this.#written(request, this.#sendOnce(request), schema);
      } catch (error) {
        if (!isTransient(error)) throw error;
        logTransientFailure(error, policy, `${error.message}: the object may have been created; looking it up before sending the POST again`);
        this.#forgetViews(request.organizationId); // what the POST did is unknown: lookups read afresh
        const existing = await options.findExisting();
        if (existing !== undefined) {
          const adopted = "the object was created after all; using it instead of creating a duplicate";
          policy.log("info", `${request.method} ${request.displayPath}: ${adopted}`);
          return existing;
        }
        if (retryIndex >= policy.maxRetries) throw giveUp(error);
        await waitBeforeRetry(error, retryIndex, policy);
      }
    }
  }

  async patch<T>(path: string, body: Record<string, unknown>, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    const request = this.#prepare("PATCH", path, options, body);
    return this.#written(request, this.#sendRetrying(request), schema);
  }

  /** Throws NotFoundError on 404 (also when a retried DELETE finds its first attempt succeeded). */
  async delete(path: string, options: RequestOptions): Promise<void> {
    const request = this.#prepare("DELETE", path, options);
    await this.#written(request, this.#sendRetrying(request), z.unknown());
  }

  /**
   * A write's response, parsed, after the views of its organization learnt of it: its own collection's view keeps
   * the new object; other views mark the keys it names as stale. A DELETE, or a write whose outcome is unknown
   * (any error), makes every other view of the organization start again: what it changed cannot be named.
   */
  async #written<T>(request: PreparedRequest, response: Promise<HttpResponse>, schema: z.ZodType<T>): Promise<T> {
    const collection = request.method === "POST" ? request.path : request.path.slice(0, request.path.lastIndexOf("/"));
    const pathId = request.method === "POST" ? undefined : decodeURIComponent(request.path.slice(collection.length + 1));
    let body: unknown;
    try {
      body = (await response).body;
    } catch (error) {
      this.#forgetViews(request.organizationId);
      throw error;
    }
    const object = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const named = [object.id, object.notice_id, pathId].filter((key): key is string => typeof key === "string");
    for (const [viewKey, state] of this.#views) {
      if (state.organizationId !== request.organizationId) continue;
      const own = state.view.path === collection;
      if (request.method === "DELETE" && !own) this.#views.delete(viewKey);
      else if (own && request.method !== "DELETE") state.wroteOwn(object);
      else if (own || !state.view.changedBy || state.view.changedBy.includes(collection)) state.staleKeys(named);
    }
    return this.#parse(schema, request, { status: 200, headers: {}, body });
  }

  /**
   * One key of a view over the network, in a `key[$in]=…` call shared with concurrent reads of other keys. A
   * newest-first view reads newest first and stops once every key asked for has shown up.
   */
  async #readKey(view: CollectionView, key: string, request: PreparedRequest, options: RequestOptions): Promise<Record<string, unknown>[]> {
    const query = { ...options.query, ...view.filter, ...(view.newestBy ? { [`$sort[${view.newestBy}]`]: -1 } : {}) };
    const batchKey = JSON.stringify(["view", request.organizationId, view, sortedEntries(request.headers), sortedEntries(query)]);
    const fetch = (keys: string[]) => this.#fetchByField(view.path, view.key, keys, { ...options, query }, view.newestBy !== undefined);
    const found = await this.#coalescer.read(batchKey, key, fetch);
    return keptOf(view, (found as Record<string, unknown>[] | undefined) ?? []);
  }

  #forgetViews(organizationId: string): void {
    for (const [viewKey, state] of this.#views) if (state.organizationId === organizationId) this.#views.delete(viewKey);
  }

  #viewState(view: CollectionView, request: PreparedRequest): ViewState {
    const viewKey = JSON.stringify([request.organizationId, view, sortedEntries(request.headers)]);
    let state = this.#views.get(viewKey);
    if (!state) {
      const options = { organizationId: request.organizationId, headers: request.headers };
      state = new ViewState(view, request.organizationId, (query, isComplete, skip) =>
        this.#listPages(view.path, z.looseObject({}), { ...options, query }, isComplete, skip),
      );
      this.#views.set(viewKey, state);
    }
    return state;
  }

  get #policy() {
    const { log: userLog, maxRetries, requestTimeoutSeconds } = this.#settings;
    const log: Log = (level, message) => userLog(level, scrubSecrets(message));
    return { maxRetries, requestTimeoutMs: requestTimeoutSeconds * 1000, log };
  }

  #prepare(
    method: HttpRequest["method"],
    path: string,
    options: RequestOptions,
    body?: Record<string, unknown>,
    paging?: Query,
  ): PreparedRequest {
    if (!/^\/[^?#]*$/.test(path)) {
      throw new TypeError(`Didomi client: path ${JSON.stringify(path)} must start with "/" and have no query string (use options.query)`);
    }
    if (typeof options.organizationId !== "string" || options.organizationId === "") {
      throw new TypeError(`Didomi client: ${method} ${path} needs options.organizationId (got ${JSON.stringify(options.organizationId)})`);
    }
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    if (NOTICES_PATH.test(path) && headers.v === undefined) headers.v = "2";
    return {
      method,
      path,
      displayPath: this.#transport.displayPath(path),
      organizationId: options.organizationId,
      query: encodeQuery(options.organizationId, { ...options.query, ...paging }),
      headers,
      ...(body ? { body } : {}),
    };
  }

  #sendRetrying(request: PreparedRequest): Promise<HttpResponse> {
    return retryTransientFailures(() => this.#sendOnce(request), this.#policy);
  }

  /** One request to a 2xx response, or the error for its status. */
  async #sendOnce(request: PreparedRequest): Promise<HttpResponse> {
    const response = await this.#exchange(request);
    if (response.status >= 200 && response.status < 300) return response;
    throw this.#errorFrom(request, response);
  }

  /**
   * One exchange through the rate limiter with a session token. A 401 and a 429 mean Didomi did not process the
   * request, so both are handled here, for every method: a 401 gets a new token once; a 429 waits and resends.
   */
  async #exchange(request: PreparedRequest): Promise<HttpResponse> {
    const { baseUrl, maxRequestsPer15s, maxRateLimitWaitSeconds } = this.#settings;
    const limiter = limiterFor(baseUrl, request.organizationId, { maxRequestsPer15s, maxRateLimitWaitSeconds });
    let retriedWithNewToken = false;
    let firstRefusedAt: number | undefined;
    for (;;) {
      // Log in before queueing, so that a request's slot is not spent waiting for POST /sessions (the limiter
      // counts a request from the moment it is admitted).
      await this.#session.token(limiter);
      await this.#waitForSlot(request, limiter);
      let token: string;
      let response: HttpResponse;
      try {
        token = await this.#session.token(limiter); // the same token, unless it came close to expiry in the queue
        const headers = { ...request.headers, authorization: `Bearer ${token}` };
        response = await this.#transport.send({ ...request, headers, timeoutMs: this.#policy.requestTimeoutMs });
      } catch (error) {
        limiter.release();
        throw error;
      }
      limiter.release(response.headers);

      if (response.status === 401 && !retriedWithNewToken) {
        retriedWithNewToken = true;
        this.#session.invalidate(token);
        continue;
      }
      if (response.status === 429) {
        firstRefusedAt ??= Date.now();
        const verdict = limiter.afterTooManyRequests(response.headers, firstRefusedAt);
        if ("hint" in verdict) throw this.#errorFrom(request, response, verdict.hint);
        this.#policy.log("info", `${request.method} ${request.displayPath} → 429: ${verdict.notice}`);
        continue;
      }
      return response;
    }
  }

  /** Queues for a slot in the organization's rate limit; fails when none comes up within maxRateLimitWaitSeconds. */
  async #waitForSlot(request: PreparedRequest, limiter: RateLimiter): Promise<void> {
    const queuedAt = Date.now();
    const admitted = await limiter.acquire();
    if (!admitted) {
      const details = { method: request.method, path: request.displayPath };
      throw new TooManyRequestsError(`${request.method} ${request.displayPath} → not sent: ${limiter.queueTimeoutHint}`, details);
    }
    const queuedMs = Date.now() - queuedAt;
    if (queuedMs > LOGGED_QUEUE_WAIT_MS) {
      const waited = `waited ${(queuedMs / 1000).toFixed(1)} s for organization ${request.organizationId}'s rate limit`;
      this.#policy.log("debug", `${request.method} ${request.displayPath} ${waited}`);
    }
  }

  #errorFrom(request: PreparedRequest, response: HttpResponse, hint?: string): DidomiError {
    const authHint =
      response.status === 401
        ? `Didomi refused API key ${this.#session.keyId} even with a new session token: the key may be disabled or deleted, ` +
          `or have no access to organization ${request.organizationId}`
        : undefined;
    return errorFromResponse(
      { method: request.method, path: request.displayPath, status: response.status, body: response.body },
      { scrub: scrubSecrets, ...(hint ?? authHint ? { hint: hint ?? authHint } : {}) },
    );
  }

  #parse<T>(schema: z.ZodType<T>, request: PreparedRequest, response: HttpResponse): T {
    learnSecretsFrom(response.body);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      throw unexpectedResponseError({ method: request.method, path: request.displayPath, status: response.status }, parsed.error);
    }
    return parsed.data;
  }

  /**
   * Pages with `$limit`/`$skip` until the envelope's `total` is reached. A bare array has no total: paging stops
   * at an empty page or at a page shorter than an earlier one (the server may clamp `$limit` below 100, so a first
   * page shorter than 100 does not prove it is the last). `isComplete` stops early once the caller has enough
   * (it also gets the envelope's total, when there is one).
   */
  async #listPages<T>(
    path: string,
    itemSchema: z.ZodType<T>,
    options: RequestOptions,
    isComplete?: (items: T[], total: number | undefined) => boolean,
    skip = 0,
  ): Promise<T[]> {
    const items: T[] = [];
    let largestPage = 0;
    for (;;) {
      const request = this.#prepare("GET", path, options, undefined, { $limit: PAGE_SIZE, $skip: skip + items.length });
      const response = await this.#sendRetrying(request);
      const page = Array.isArray(response.body)
        ? { data: this.#parse(z.array(itemSchema), request, response), total: undefined }
        : this.#parse(listEnvelopeSchema.extend({ data: z.array(itemSchema) }), request, response);
      items.push(...page.data);
      if (page.data.length === 0 || isComplete?.(items, page.total)) return items;
      if (page.total !== undefined ? skip + items.length >= page.total : page.data.length < largestPage) return items;
      largestPage = Math.max(largestPage, page.data.length);
    }
  }

  /**
   * The objects whose `field` has one of `values`, by value, from `GET collection?field[$in]=…`. `untilEachSeen`
   * stops paging once every value has one (a newest-first read wants only each value's first object).
   */
  async #fetchByField(
    collectionPath: string,
    field: string,
    values: string[],
    options: RequestOptions,
    untilEachSeen = false,
  ): Promise<ReadonlyMap<string, unknown[]>> {
    const found = new Map<string, unknown[]>();
    let grouped = 0;
    const byValues = { ...options, query: { ...options.query, [field]: values } };
    await this.#listPages(collectionPath, z.looseObject({}), byValues, (items) => {
      for (const item of items.slice(grouped)) {
        const key = item[field];
        if (typeof key === "string") found.set(key, [...(found.get(key) ?? []), item]);
      }
      grouped = items.length;
      return untilEachSeen && found.size === values.length;
    });
    return found;
  }

  async #fetchByIds(collectionPath: string, ids: string[], options: RequestOptions): Promise<ReadonlyMap<string, unknown>> {
    const wanted = new Set(ids);
    const found = new Map<string, unknown>();
    const byIds = { ...options, query: { ...options.query, id: ids } };
    await this.#listPages(collectionPath, identifiedSchema, byIds, (items) => {
      for (const item of items) if (wanted.has(item.id)) found.set(item.id, item);
      return found.size === wanted.size;
    });
    return found;
  }
}

function normalizeOptions(options: ClientOptions): ClientSettings {
  const problems: string[] = [];
  const baseUrl = typeof options.baseUrl === "string" ? options.baseUrl.trim().replace(/\/+$/, "") : "";
  if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl)) {
    problems.push(`baseUrl ${JSON.stringify(options.baseUrl)} is not an http(s) URL: set ${BASE_URL_SOURCES} to e.g. https://api.didomi.io/v1`);
  }
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    problems.push(`apiKey is empty: set ${settingName("apiKey")} to the id of a Didomi private API key`);
  }
  if (typeof options.apiSecret !== "string" || options.apiSecret === "") {
    problems.push(`apiSecret is empty: set it with \`pulumi config set --secret didomi:apiSecret\` (or DIDOMI_API_SECRET)`);
  }
  const numberSetting = (name: NumberSettingName): number => {
    const { default: fallback, rule, valid } = NUMBER_SETTINGS[name];
    const value = options[name] ?? fallback;
    if (typeof value === "number" && valid(value)) return value;
    problems.push(`${name} ${JSON.stringify(value)} is not allowed: use ${rule} (default ${fallback})`);
    return fallback;
  };
  const settings: ClientSettings = {
    baseUrl,
    apiKey: typeof options.apiKey === "string" ? options.apiKey.trim() : "",
    maxRequestsPer15s: numberSetting("maxRequestsPer15s"),
    maxRateLimitWaitSeconds: numberSetting("maxRateLimitWaitSeconds"),
    requestTimeoutSeconds: numberSetting("requestTimeoutSeconds"),
    maxRetries: numberSetting("maxRetries"),
    log: options.log ?? (() => {}),
  };
  if (problems.length > 0) throw new TypeError(`Invalid Didomi client options:\n- ${problems.join("\n- ")}`);
  return settings;
}

function sortedEntries(record: Record<string, unknown> | undefined): Array<[string, unknown]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
