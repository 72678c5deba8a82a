// Request counters and the request log for tests and benchmarks. Never bodies or headers: they carry secrets.
export type LoggedStatus = number | "dropped";

export interface LoggedRequest {
  method: string;
  path: string;
  /** Query parameters (repeated ones as arrays); the value of a `secret` filter is redacted. */
  query: Record<string, string | string[]>;
  /** Method + route template, e.g. "GET /v1/domains/:id" (method + path when no route matches). */
  route: string;
  status: LoggedStatus;
  /** Size of the response body sent (0 for a dropped request): what a read downloads. */
  responseBytes: number;
  organizationId: string | null;
  at: string;
}

export interface StatsSummary {
  total: number;
  writes: number;
  rateLimited: number;
  byRoute: Record<string, { count: number; byStatus: Record<string, number> }>;
  byStatus: Record<string, number>;
}

/** The log keeps the most recent requests only, so a long-running emulator does not grow without bound. */
const LOG_LIMIT = 50_000;
const WRITE_METHODS = ["POST", "PATCH", "PUT", "DELETE"];

export function loggedQuery(query: URLSearchParams): Record<string, string | string[]> {
  const logged: Record<string, string | string[]> = {};
  for (const [name, raw] of query) {
    const value = name === "secret" || name.startsWith("secret[") ? "[redacted]" : raw;
    const previous = logged[name];
    logged[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return logged;
}

export class Stats {
  private summary: StatsSummary = emptySummary();
  private log: LoggedRequest[] = [];

  record(request: LoggedRequest): void {
    const status = String(request.status);
    const summary = this.summary;
    summary.total += 1;
    if (WRITE_METHODS.includes(request.method) && request.route !== "POST /v1/sessions") summary.writes += 1;
    if (request.status === 429) summary.rateLimited += 1;
    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    const route = (summary.byRoute[request.route] ??= { count: 0, byStatus: {} });
    route.count += 1;
    route.byStatus[status] = (route.byStatus[status] ?? 0) + 1;
    this.log.push(request);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  snapshot(): StatsSummary {
    return structuredClone(this.summary);
  }

  requests(): LoggedRequest[] {
    return this.log;
  }

  reset(): void {
    this.summary = emptySummary();
    this.log = [];
  }
}

function emptySummary(): StatsSummary {
  return { total: 0, writes: 0, rateLimited: 0, byRoute: {}, byStatus: {} };
}
