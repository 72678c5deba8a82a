// Shared setup of the provider suites: an emulator on a free loopback port, stacks of real Pulumi
// programs driven by the test engine against it, and a "Didomi console" for out-of-band changes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type EmulatorSettings, type RunningEmulator } from "../../emulator";
import { Stack, type OperationResult } from "../harness";

export const ORGANIZATION = "demo";
export const API_KEY = "demo-key";
export const API_SECRET = "demo-secret";
export const PROGRAMS = resolve(__dirname, "../fixtures/programs");

export interface Requests {
  method: string;
  path: string;
  query: string;
  route: string;
  status: number | string;
  responseBytes: number;
}

/** The emulator plus what the tests read from its control endpoints. */
export class TestDidomi {
  #emulator: RunningEmulator | undefined;

  /**
   * The emulator of a test file: started on a free port before its tests (with a rate limit high enough
   * not to slow them; the client suites test the limit), stopped after them.
   */
  static forThisFile(): TestDidomi {
    const didomi = new TestDidomi();
    beforeAll(async () => {
      didomi.#emulator = await startEmulator({ port: 0, settings: { rateLimit: 10_000 } });
    });
    afterAll(() => didomi.#emulator?.close());
    return didomi;
  }

  private get emulator(): RunningEmulator {
    if (!this.#emulator) throw new Error("the emulator starts in beforeAll: use it inside a test or hook");
    return this.#emulator;
  }

  get url(): string {
    return this.emulator.url;
  }

  private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.emulator.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Forgets the request log and counters, so that the next assertions see one operation only. */
  resetStats(): Promise<unknown> {
    return this.control("DELETE", "/stats");
  }

  /** API requests since the last reset (never control requests). */
  requests(): Promise<Requests[]> {
    return this.control("GET", "/requests");
  }

  /** Write requests (POST/PATCH/PUT/DELETE, sessions excluded) since the last reset. */
  async writes(): Promise<Requests[]> {
    return (await this.requests()).filter((r) => r.method !== "GET" && r.route !== "POST /v1/sessions");
  }

  state(): Promise<Record<string, unknown>> {
    return this.control("GET", "/state");
  }

  /** One collection of the demo organization, as stored by the emulator ("domains", "apiKeys", "notices", …). */
  async stored<T = Record<string, unknown>>(collection: string): Promise<T[]> {
    const state = await this.state();
    return ((state as { organizations: Record<string, Record<string, T[]>> }).organizations[ORGANIZATION]?.[collection] ?? []) as T[];
  }

  settings(patch: Partial<EmulatorSettings>): Promise<unknown> {
    return this.control("PATCH", "/settings", patch);
  }

  fault(fault: { method?: string; path: string; count?: number; status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number; drop?: "before-commit" | "after-commit" }): Promise<unknown> {
    return this.control("POST", "/faults", fault);
  }

  advance(): Promise<unknown> {
    return this.control("POST", "/advance");
  }

  /** Adds an organization with one API key (seed format of the emulator). */
  seed(organization: string, key: string, secret: string): Promise<unknown> {
    return this.control("POST", "/seed", { organizations: [{ id: organization, name: organization, apiKeys: [{ id: key, secret }] }] });
  }

  /**
   * Calls the API as a person in the Didomi console would (outside Pulumi), by default with the demo
   * organization's key.
   */
  async console<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    as: { organization: string; key: string; secret: string } = { organization: ORGANIZATION, key: API_KEY, secret: API_SECRET },
  ): Promise<T> {
    const session = await fetch(`${this.url}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "api-key", key: as.key, secret: as.secret }),
    });
    const { access_token } = (await session.json()) as { access_token: string };
    const separator = path.includes("?") ? "&" : "?";
    const response = await fetch(`${this.url}${path}${separator}organization_id=${as.organization}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json", v: "2" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`console ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

/** A stack of one of the fixture programs, configured for the emulator's demo organization. */
export function testStack(didomi: TestDidomi, program: string, config: Record<string, string> = {}, options: { cwd?: string } = {}): Stack {
  const dir = mkdtempSync(join(tmpdir(), `didomi-${program}-`));
  return new Stack({
    cwd: options.cwd ?? join(PROGRAMS, program),
    stack: "test",
    stateFile: join(dir, "state.json"),
    config: {
      "didomi:baseUrl": didomi.url,
      "didomi:apiKey": API_KEY,
      "didomi:organizationId": ORGANIZATION,
      ...config,
    },
    secrets: { "didomi:apiSecret": API_SECRET },
    // What `tsc` already type-checks (tsconfig.json includes the fixture programs); spares ts-node's type check.
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
}

/** The `single` program's config for one resource: its kind and its arguments. */
export function single(kind: "Domain" | "ApiKey" | "Secret" | "Notice" | "Vendor" | "Purpose" | "PurposeGroup" | "NoticeTemplate", args: Record<string, unknown>, options?: Record<string, unknown>): Record<string, string> {
  return { kind, args: JSON.stringify(args), ...(options ? { options: JSON.stringify(options) } : {}) };
}

/** Fails the test with the operation's own error and logs when it did not succeed. */
export function expectOk(result: OperationResult): OperationResult {
  if (!result.ok) throw new Error(`${result.kind} failed: ${result.error}\n${result.summary}\n${result.logs.map((l) => `[${l.source}/${l.severity}] ${l.message}`).join("\n")}`);
  return result;
}

export function stateText(stack: Stack): string {
  return readFileSync(stack.options.stateFile, "utf8");
}

/** The steps that change something, as "op name" strings: no same steps, unchanged refreshes or the stack itself. */
export function changes(result: OperationResult): string[] {
  return result.steps
    .filter((s) => s.op !== "same" && s.refreshResult !== "unchanged" && s.type !== "pulumi:pulumi:Stack")
    .map((s) => `${s.op} ${s.name}`);
}

/** The same stack (same state file) with some config changed: what editing Pulumi.<stack>.yaml does. */
export function reconfigure(stack: Stack, config: Record<string, string>): Stack {
  return new Stack({ ...stack.options, config: { ...stack.options.config, ...config } });
}

/** The steps of one resource (by name) in an operation. */
export function stepsOf(result: OperationResult, name: string) {
  return result.steps.filter((step) => step.name === name);
}

/**
 * Every message the user would see in the operation's output: logs and the error. Left out: the Pulumi
 * SDK's own debug lines from the program, shown only with `pulumi up --debug`, which print every
 * RegisterResource response verbatim (secret outputs included; Pulumi's behaviour, not the provider's).
 * Everything the provider process prints is kept, whatever its level.
 */
export function messages(result: OperationResult): string {
  const shown = result.logs.filter((log) => !(log.source === "program" && log.severity === "debug"));
  return [...shown.map((log) => log.message), result.error ?? ""].join("\n");
}

/** A resource's outputs from the state file, secrets decrypted (`{ secret: value }` marks a secret). */
export async function storedOutputs(stack: Stack, name: string): Promise<Record<string, unknown>> {
  const state = await stack.readPlainState();
  const resource = state.deployment.resources?.find((r) => r.urn.endsWith(`::${name}`) && r.custom);
  if (!resource) throw new Error(`no resource ${name} in ${stack.options.stateFile}`);
  const unwrap = (value: unknown): unknown =>
    value && typeof value === "object" && "plaintext" in value ? { secret: (value as { plaintext: unknown }).plaintext } : value;
  return Object.fromEntries(Object.entries(resource.outputs ?? {}).map(([key, value]) => [key, unwrap(value)]));
}

/** Asks Didomi for a session with the given key and secret: proves a key secret works. */
export async function canLogIn(didomi: TestDidomi, key: string, secret: string): Promise<boolean> {
  const response = await fetch(`${didomi.url}/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "api-key", key, secret }),
  });
  return response.ok;
}
