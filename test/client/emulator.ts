// Shared by the client's tests: an emulator on a free loopback port, its control endpoints, and a client for it.
import { startEmulator } from "../../emulator";
import { getClient, secretSchema, type ClientOptions, type DidomiClient, type Secret } from "../../provider/client";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type EmulatorSettings = NonNullable<Parameters<typeof startEmulator>[0]>["settings"];

/** The emulator's default seed. */
export const DEMO = { organizationId: "demo", apiKey: "demo-key", apiSecret: "demo-secret" } as const;
export const inDemo = { organizationId: DEMO.organizationId };

export interface Stats {
  total: number;
  writes: number;
  rateLimited: number;
  byRoute: Record<string, { count: number; byStatus: Record<string, number> }>;
  byStatus: Record<string, number>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  route: string;
  status: number | "dropped";
  organizationId: string | null;
}

export function start(settings: EmulatorSettings = {}, extra: { dataFile?: string; port?: number } = {}): Promise<Emulator> {
  return startEmulator({ port: extra.port ?? 0, settings, ...(extra.dataFile ? { dataFile: extra.dataFile } : {}) });
}

/** Calls a control endpoint (`/faults`, `/stats`, …) and returns its JSON. */
export async function control<T = unknown>(emulator: Emulator, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} on the emulator's control API → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface FaultSpec {
  method?: string;
  path: string;
  count?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  drop?: "before-commit" | "after-commit";
}

export const injectFault = (emulator: Emulator, fault: FaultSpec) => control(emulator, "POST", "/faults", fault);
export const stats = (emulator: Emulator) => control<Stats>(emulator, "GET", "/stats");
export const requests = (emulator: Emulator) => control<LoggedRequest[]>(emulator, "GET", "/requests");

/** How many requests the emulator saw on a route ("POST /v1/sessions", "GET /v1/secrets/:id"), with a status or any. */
export function countOf(summary: Stats, route: string, status?: number): number {
  const entry = summary.byRoute[route];
  if (!entry) return 0;
  return status === undefined ? entry.count : (entry.byStatus[String(status)] ?? 0);
}

export function clientFor(emulator: Emulator, options: Partial<ClientOptions> = {}): DidomiClient {
  return getClient({ baseUrl: emulator.url, apiKey: DEMO.apiKey, apiSecret: DEMO.apiSecret, ...options });
}

/** The natural-key lookup a Secret resource would pass to `create`: secrets are found by name. */
export async function findSecretByName(client: DidomiClient, name: string, organizationId: string = DEMO.organizationId): Promise<Secret | undefined> {
  const [found] = await client.list("/secrets", secretSchema, { organizationId, query: { name } });
  return found;
}

export function createSecret(client: DidomiClient, name: string, organizationId: string = DEMO.organizationId): Promise<Secret> {
  return client.create("/secrets", { name, organization_id: organizationId }, secretSchema, {
    organizationId,
    findExisting: () => findSecretByName(client, name, organizationId),
  });
}

/** What the emulator holds in one organization's collection ("secrets", "apiKeys", …), read from its state dump. */
export async function storedIn(
  emulator: Emulator,
  collection: string,
  organizationId: string = DEMO.organizationId,
): Promise<Array<Record<string, unknown>>> {
  const state = await control<{ organizations: Record<string, Record<string, unknown>> }>(emulator, "GET", "/state");
  return (state.organizations[organizationId]?.[collection] ?? []) as Array<Record<string, unknown>>;
}

/** Emulator settings and client options that take the rate limit out of a test about something else. */
export const NO_RATE_LIMIT = { rateLimit: 1_000_000 } as const;
export const UNTHROTTLED = { maxRequestsPer15s: 1_000_000 } as const;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects the client's log lines. */
export function logRecorder(): { lines: string[]; log: NonNullable<ClientOptions["log"]> } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}
