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
import { noticeRoutes } from "./handlers/notices";
import { organizationRoutes } from "./handlers/organizations";
import { quotaRoutes } from "./handlers/quotas";
import { sdkConfigRoutes } from "./handlers/sdk-configs";
import { secretRoutes } from "./handlers/secrets";
import { sessionRoutes } from "./handlers/sessions";
import { verifyToken } from "./jwt";
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
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    const record = (status: LoggedStatus) => this.stats.record({ ...log, status, at: new Date().toISOString() });

    let match;
    try {
      match = this.router.match(method, path);
    } catch (error) {
      const outgoing = this.errorOutgoing(error);
      send(res, outgoing);
      record(outgoing.status);
      return;
    }
    if (match.template) log.route = `${method} ${match.template}`;

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
      record(outgoing.status);
      return;
    }

    const outgoing = await this.runApi(req, url, match, log);
    if (fault?.drop === "after-commit") {
      res.socket?.destroy();
      record("dropped");
      return;
    }
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    send(res, outgoing);
    record(outgoing.status);
  }

  /** Body, authentication, rate limit, then the handler; every failure becomes the error envelope. */
  private async runApi(
    req: IncomingMessage,
    url: URL,
    match: ReturnType<Router<Route>["match"]>,
    log: { organizationId: string | null },
  ): Promise<Outgoing> {
    let rateHeaders: Record<string, string> = {};
    try {
      const route = match.route;
      if (!route) throw unrouted(req.method ?? "GET", url.pathname, match);
      const body = await readJsonBody(req, this.settings.maxBodyBytes);
      const now = Date.now();
      const ctx: PublicContext = {
        method: route.method,
        params: match.params,
        query: url.searchParams,
        body,
        apiVersion: String(req.headers.v ?? "").trim() === "2" ? 2 : 1,
        store: this.store,
        settings: this.settings,
        now,
        at: new Date(now).toISOString(),
      };
      const caller = route.public ? undefined : this.authenticate(req, now);
      const rateLimitedOrg = caller?.organizationId ?? this.sessionOrganization(route, body);
      log.organizationId = rateLimitedOrg ?? null;
      if (rateLimitedOrg !== undefined) {
        const decision = this.limiter.take(rateLimitedOrg, now, this.settings.rateLimit, this.settings.rateWindowSeconds);
        rateHeaders = decision.headers;
        if (!decision.allowed) throw new ApiError(429, "Too many requests");
      }
      if (applyTransitions(this.store.state, now).length > 0) this.store.persistSoon();
      const reply: Reply = route.public ? route.handler(ctx) : route.handler({ ...ctx, caller: caller! });
      if (route.method !== "GET") this.store.persistSoon();
      return jsonOutgoing(reply.status, reply.body, rateHeaders);
    } catch (error) {
      return this.errorOutgoing(error, rateHeaders);
    }
  }

  /** The caller from `Authorization: Bearer <jwt>`, or 401. */
  private authenticate(req: IncomingMessage, now: number): Caller {
    const header = req.headers.authorization;
    if (!header) throw notAuthenticated("No auth token");
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!bearer) throw notAuthenticated("Invalid authorization header: expected \"Bearer <access_token>\"");
    const check = verifyToken(bearer[1], this.store.state.signingKey, Math.floor(now / 1000));
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

  /** With `rateLimitSessions`, POST /sessions counts against the organization of the key it names. */
  private sessionOrganization(route: Route, body: unknown): string | undefined {
    if (!route.public || !this.settings.rateLimitSessions) return undefined;
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
