// The HTTP layer: routing, JSON bodies, authentication, organization rate limit, fault injection, latency and
// stats for /v1; control endpoints under /__emulator (control.ts). Handlers live in handlers/, state in store.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { jsonOutgoing, readJsonBody, send, unrouted, type Outgoing } from "./http";
import { ApiError, errorEnvelope, notAuthenticated } from "./errors";
import { handleControl } from "./control";
import type { Caller, PublicContext, Reply, Route } from "./handlers/context";
import { configRoutes } from "./handlers/configs";
import { deploymentRoutes } from "./handlers/deployments";
import { domainRoutes } from "./handlers/domains";
import { keyRoutes } from "./handlers/keys";
import { metadataRoutes } from "./handlers/metadata";
import { noticeRoutes } from "./handlers/notices";
import { organizationRoutes } from "./handlers/organizations";
import { quotaRoutes } from "./handlers/quotas";
import { sdkConfigRoutes } from "./handlers/sdk-configs";
import { secretRoutes } from "./handlers/secrets";
import { sessionRoutes } from "./handlers/sessions";
import { checkSignature, verifyToken } from "./jwt";
import { RateLimiter } from "./ratelimit";
import { Router } from "./router";
import type { EmulatorSettings } from "./settings";
import { Faults, type Fault } from "./faults";
import { Stats, loggedQuery, type LoggedStatus } from "./stats";
import type { SeedFile, Store } from "./store";
import { applyTransitions } from "./transitions";

const API_ROUTES: Route[] = [
  ...sessionRoutes,
  ...keyRoutes,
  ...secretRoutes,
  ...domainRoutes,
  ...noticeRoutes,
  ...configRoutes,
  ...deploymentRoutes,
  ...sdkConfigRoutes,
  ...organizationRoutes,
  ...quotaRoutes,
  ...metadataRoutes,
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The token of an `Authorization: Bearer <token>` header, or why there is none (the 401 message). */
function bearerToken(req: IncomingMessage): { token: string } | { problem: string } {
  const header = req.headers.authorization;
  if (!header) return { problem: "No auth token" };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!bearer) return { problem: 'Invalid authorization header: expected "Bearer <access_token>"' };
  return { token: bearer[1] };
}

export class EmulatorServer {
  readonly http: Server;
  readonly stats = new Stats();
  readonly faults = new Faults();
  readonly limiter = new RateLimiter();
  private readonly router = new Router(API_ROUTES);

  constructor(
    readonly store: Store,
    /** Current settings (the control endpoint replaces them). */
    public settings: EmulatorSettings,
    /** What the emulator started with: `reset` restores these when it is given new settings, and this seed. */
    readonly startup: { settings: EmulatorSettings; seed: SeedFile },
  ) {
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((error) => this.crashed(res, error));
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    if (path === "/__emulator" || path.startsWith("/__emulator/")) {
      send(res, await handleControl(this, req, path));
      return;
    }
    await this.handleApi(req, res, url, path);
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const method = req.method ?? "GET";
    const log = {
      method,
      path,
      query: loggedQuery(url.searchParams),
      route: `${method} ${path}`,
      organizationId: null as string | null,
    };
    const record = (status: LoggedStatus, responseBytes = 0) =>
      this.stats.record({ ...log, status, responseBytes, at: new Date().toISOString() });

    const fault = this.faults.take(method, path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === "before-commit") {
      res.socket?.destroy();
      record("dropped");
      return;
    }
    if (fault?.status !== undefined) {
      const outgoing = this.injected(fault);
      send(res, outgoing);
      record(outgoing.status, Buffer.byteLength(outgoing.body));
      return;
    }

    const outgoing = await this.runApi(req, url, path, log);
    if (fault?.drop === "after-commit") {
      res.socket?.destroy();
      record("dropped");
      return;
    }
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    send(res, outgoing);
    record(outgoing.status, Buffer.byteLength(outgoing.body));
  }

  /**
   * Route, body, rate limit, authentication, then the handler; every failure becomes the error envelope. Every
   * request counts against the rate limit, refused ones too: a 404, 405, 400 or 413 found before the limit is
   * answered after it, so that it counts, carries the RateLimit headers, and gives way to a 429.
   */
  private async runApi(
    req: IncomingMessage,
    url: URL,
    path: string,
    log: { route: string; organizationId: string | null },
  ): Promise<Outgoing> {
    const method = req.method ?? "GET";
    let route: Route | undefined;
    let params: Record<string, string> = {};
    let body: unknown;
    let refusal: unknown;
    try {
      const match = this.router.match(method, path);
      if (match.template) log.route = `${method} ${match.template}`;
      if (!match.route) throw unrouted(method, url.pathname, match);
      ({ route, params } = match);
      body = await readJsonBody(req, this.settings.maxBodyBytes);
    } catch (error) {
      refusal = error;
    }

    const now = Date.now();
    const bucket = this.rateLimitBucket(req, route, body);
    log.organizationId = bucket?.organizationId ?? null;
    let rateHeaders: Record<string, string> = {};
    try {
      if (bucket) {
        const decision = this.limiter.take(bucket.key, now, this.settings.rateLimit, this.settings.rateWindowSeconds);
        rateHeaders = decision.headers;
        if (!decision.allowed) throw new ApiError(429, "Too many requests");
      }
      if (refusal !== undefined || !route) throw refusal;
      const ctx: PublicContext = {
        method: route.method,
        params,
        query: url.searchParams,
        body,
        apiVersion: String(req.headers.v ?? "").trim() === "2" ? 2 : 1,
        store: this.store,
        settings: this.settings,
        now,
        at: new Date(now).toISOString(),
      };
      const caller = route.public ? undefined : this.authenticate(req, now);
      if (applyTransitions(this.store.state, now).length > 0) this.store.persistSoon();
      const reply: Reply = route.public ? route.handler(ctx) : route.handler({ ...ctx, caller: caller! });
      if (route.method !== "GET") this.store.persistSoon();
      return jsonOutgoing(reply.status, reply.body, rateHeaders);
    } catch (error) {
      return this.errorOutgoing(error, rateHeaders);
    }
  }

  /**
   * The rate-limit window a request counts against (docs/emulator.md, "Rate limit"): the organization its token
   * names when the emulator signed it, expired or not; else one window per client address, since no organization is
   * known. POST /sessions counts only with `rateLimitSessions`, against the organization of the key it names.
   */
  private rateLimitBucket(
    req: IncomingMessage,
    route: Route | undefined,
    body: unknown,
  ): { key: string; organizationId: string | null } | undefined {
    let organizationId: string | undefined;
    if (route?.public) {
      if (!this.settings.rateLimitSessions) return undefined;
      organizationId = this.sessionOrganization(body);
    } else {
      const bearer = bearerToken(req);
      const signed = "token" in bearer ? checkSignature(bearer.token, this.store.state.signingKey) : bearer;
      if ("claims" in signed) organizationId = signed.claims.organization_id;
    }
    if (organizationId !== undefined) return { key: `organization ${organizationId}`, organizationId };
    return { key: `client ${req.socket.remoteAddress}`, organizationId: null };
  }

  /** The caller from `Authorization: Bearer <jwt>`, or 401. */
  private authenticate(req: IncomingMessage, now: number): Caller {
    const bearer = bearerToken(req);
    if ("problem" in bearer) throw notAuthenticated(bearer.problem);
    const check = verifyToken(bearer.token, this.store.state.signingKey, Math.floor(now / 1000));
    if ("problem" in check) throw notAuthenticated(check.problem);
    const { sub, organization_id } = check.claims;
    if (this.settings.revokeTokensOnKeyDelete && this.store.state.revokedKeyIds.has(sub)) {
      throw notAuthenticated("API key has been deleted");
    }
    if (!this.store.state.organizations.has(organization_id)) {
      throw notAuthenticated(`Organization ${organization_id} no longer exists`);
    }
    return { keyId: sub, organizationId: organization_id };
  }

  /** The organization of the API key a POST /sessions body names. */
  private sessionOrganization(body: unknown): string | undefined {
    const key = typeof body === "object" && body !== null ? (body as { key?: unknown }).key : undefined;
    return typeof key === "string" ? this.store.state.apiKeys.get(key)?.organization_id : undefined;
  }

  private injected(fault: Fault): Outgoing {
    const status = fault.status!;
    const headers: Record<string, string> = status === 429 || status === 503 ? { "Retry-After": "1" } : {};
    Object.assign(headers, fault.headers);
    const body = fault.body ?? errorEnvelope(status, "Injected fault", {}, this.settings.errorIncludeClassName);
    return jsonOutgoing(status, body, headers);
  }

  errorOutgoing(error: unknown, headers: Record<string, string> = {}): Outgoing {
    if (!(error instanceof ApiError)) {
      process.stderr.write(`didomi-emulator: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      error = new ApiError(500, "Internal error in the emulator");
    }
    const { status, message, errors, headers: errorHeaders } = error as ApiError;
    return jsonOutgoing(status, errorEnvelope(status, message, errors, this.settings.errorIncludeClassName), {
      ...headers,
      ...errorHeaders,
    });
  }

  private crashed(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    send(res, this.errorOutgoing(error));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, host, () => {
        this.http.off("error", reject);
        const address = this.http.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  /** Stops listening, cuts open connections, then waits until every change is on disk. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    await this.store.flush();
  }
}
