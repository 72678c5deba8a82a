// Shared by the emulator's tests: a started emulator and a tiny HTTP client for its API and control endpoints.
import { request } from "node:http";
import { expect } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator, type SeedFile } from "../../emulator";

/** Org "demo" (the default seed) and a second org to check that organizations cannot see each other. */
export const TWO_ORGS: SeedFile = {
  organizations: [
    { id: "demo", name: "Demo", apiKeys: [{ id: "demo-key", secret: "demo-secret" }] },
    { id: "other", name: "Other", apiKeys: [{ id: "other-key", secret: "other-secret" }] },
  ],
};

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Whatever JSON the emulator answered (tests read it freely). */
  body: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of `body` (malformed JSON, huge payloads). */
  raw?: string;
  headers?: Record<string, string>;
  /** Bearer token; default: the client's current token; null: none. */
  token?: string | null;
}

/** One request over a fresh connection; resolves with the parsed JSON answer. */
export function httpCall(url: string, method: string, options: CallOptions & { token?: string | null } = {}): Promise<ApiResponse> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers["content-type"] ??= "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

export class TestEmulator {
  token: string | undefined;
  /** The organization of the key this client logs in with. */
  organizationId = "demo";

  private constructor(readonly running: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestEmulator> {
    return new TestEmulator(await startEmulator({ port: 0, ...options }));
  }

  /** Another client of the same emulator, logged in with another key. */
  async as(key: string, secret: string, organizationId: string): Promise<TestEmulator> {
    const other = new TestEmulator(this.running);
    other.organizationId = organizationId;
    await other.login(key, secret);
    return other;
  }

  get url(): string {
    return this.running.url;
  }

  close(): Promise<void> {
    return this.running.close();
  }

  /** POST /sessions; keeps the token for later calls. */
  async login(key = "demo-key", secret = "demo-secret"): Promise<string> {
    const response = await this.call("POST", "/sessions", { body: { type: "api-key", key, secret }, token: null });
    if (response.status !== 201) throw new Error(`login as ${key} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.token = response.body.access_token;
    return this.token!;
  }

  /** An API call; `path` is relative to /v1. */
  call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const token = options.token === undefined ? this.token : options.token;
    return httpCall(this.url + path, method, { ...options, token });
  }

  /** A control call; throws unless it answers 200. */
  async control(method: string, path: string, body?: unknown): Promise<ApiResponse["body"]> {
    const response = await httpCall(this.running.controlUrl + path, method, { body });
    if (response.status !== 200) throw new Error(`${method} /__emulator${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Wipes state, stats, faults and rate-limit windows, restores the startup settings and seed; logs in again. */
  async reset(body: object = { settings: {} }): Promise<void> {
    await this.control("POST", "/reset", body);
    await this.login();
  }

  settings(patch: object): Promise<unknown> {
    return this.control("PATCH", "/settings", patch);
  }

  // Creation shortcuts used across files: each asserts its own success so a broken setup fails loudly.
  async createNotice(name = "Notice", headers: Record<string, string> = {}): Promise<ApiResponse["body"]> {
    return expectStatus(await this.call("POST", "/widgets/notices", { body: { organization_id: this.organizationId, name }, headers }), 201);
  }

  async draftOf(noticeId: string, headers: Record<string, string> = { v: "2" }): Promise<ApiResponse["body"]> {
    const list = expectStatus(
      await this.call("GET", `/widgets/notices/configs?notice_id=${noticeId}&deployed_at=null`, { headers }),
      200,
    );
    if (list.total !== 1) throw new Error(`notice ${noticeId} has ${list.total} drafts`);
    return list.data[0];
  }

  async deploy(noticeId: string, configId: string, message?: string): Promise<ApiResponse> {
    return this.call("POST", "/widgets/notices/deployments", {
      body: { notice_id: noticeId, organization_id: this.organizationId, production_config_id: configId, ...(message ? { message } : {}) },
    });
  }
}

function expectStatus(response: ApiResponse, status: number): ApiResponse["body"] {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** The error envelope of BEHAVIOR.md §1.4: exactly code, name, message, errors. */
export function expectEnvelope(response: ApiResponse, status: number, name: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: { code: status, name, message: expect.any(String), errors: expect.any(Object) },
  });
}
