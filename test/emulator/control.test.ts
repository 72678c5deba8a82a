// The /__emulator control endpoints: reset, state, settings, seed, faults (each kind), advance, stats, requests.
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestEmulator, expectEnvelope, httpCall } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const controlCall = (method: string, path: string, body?: unknown) => httpCall(emu.running.controlUrl + path, method, { body });
const createSecret = (name = "s") => emu.call("POST", "/secrets", { body: { organization_id: "demo", name } });

describe("reset and state", () => {
  it("state dumps every collection by organization, secrets included", async () => {
    const secret = (await createSecret()).body;
    const key = (await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "ci" } })).body;
    const notice = await emu.createNotice();
    const state = await emu.control("GET", "/state");
    const demo = state.organizations.demo;
    expect(demo.organization).toMatchObject({ id: "demo", name: "Demo" });
    expect(demo.quota).toMatchObject({ organization_id: "demo" });
    expect(demo.secrets).toEqual([secret]);
    expect(demo.apiKeys.map((k: { id: string; secret: string }) => [k.id, k.secret])).toEqual([
      ["demo-key", "demo-secret"],
      [key.id, key.secret],
    ]);
    expect(demo.notices).toEqual([notice]);
    expect(demo.configs).toHaveLength(1);
    expect(state.pendingTransitions).toEqual([]);
  });

  it("reset wipes state, re-seeds, clears stats and faults, and keeps settings unless given", async () => {
    await createSecret();
    await emu.control("POST", "/faults", { path: "/v1/nothing", status: 500 });
    await emu.settings({ rateLimit: 7 });
    await emu.control("POST", "/reset");
    expect((await emu.control("GET", "/state")).organizations.demo.secrets).toEqual([]);
    expect(await emu.control("GET", "/faults")).toEqual([]);
    expect((await emu.control("GET", "/stats")).total).toBe(0);
    expect((await emu.control("GET", "/settings")).rateLimit).toBe(7);
    await emu.control("POST", "/reset", { settings: { latencyMs: 1 } });
    expect(await emu.control("GET", "/settings")).toMatchObject({ rateLimit: 100, latencyMs: 1 });
  });

  it("reset with a seed replaces the organizations; tokens of a vanished organization get 401", async () => {
    const oldToken = emu.token;
    await emu.control("POST", "/reset", { seed: { organizations: [{ id: "acme", name: "Acme", apiKeys: [{ id: "key-1", secret: "s3cret" }] }] } });
    expect(Object.keys((await emu.control("GET", "/state")).organizations)).toEqual(["acme"]);
    expectEnvelope(await emu.call("GET", "/keys", { token: oldToken }), 401, "NotAuthenticated");
    const acme = await emu.as("key-1", "s3cret", "acme");
    expect((await acme.call("GET", "/organizations/acme")).status).toBe(200);
  });

  it("reset refuses unknown fields and a bad seed, naming the problem", async () => {
    expectEnvelope(await controlCall("POST", "/reset", { sed: {} }), 400, "BadRequest");
    const bad = await controlCall("POST", "/reset", { seed: { organizations: [{ id: "a", name: "A", apiKeys: [{ id: "k" }] }] } });
    expectEnvelope(bad, 400, "BadRequest");
    expect(bad.body.errors).toEqual({ "organizations[0].apiKeys[0].secret": "must be a non-empty string" });
  });
});

describe("settings", () => {
  it("GET answers every setting; PATCH is partial and answers the full settings", async () => {
    const before = await emu.control("GET", "/settings");
    expect(before).toMatchObject({ tokenTtlSeconds: 3600, rateLimit: 100, quotas: { secrets: 300, parallel_notices_deployments: 3 } });
    const after = await emu.control("PATCH", "/settings", { quotas: { secrets: 5 }, listShape: "array" });
    expect(after).toEqual({ ...before, quotas: { secrets: 5, parallel_notices_deployments: 3 }, listShape: "array" });
  });

  it("control bodies are not bound by maxBodyBytes, so a tiny limit can be set back", async () => {
    await emu.settings({ maxBodyBytes: 1 });
    expectEnvelope(await createSecret(), 413, "PayloadTooLarge");
    expect((await emu.settings({ maxBodyBytes: 1_048_576 }) as { maxBodyBytes: number }).maxBodyBytes).toBe(1_048_576);
    expect((await createSecret()).status).toBe(201);
  });

  it("PATCH with bad values or unknown names → 400 naming each setting; nothing is applied", async () => {
    const response = await controlCall("PATCH", "/settings", { rateLimit: 0, listShape: "xml", colour: "blue", rateWindowSeconds: 5 });
    expectEnvelope(response, 400, "BadRequest");
    expect(Object.keys(response.body.errors).sort()).toEqual(["colour", "listShape", "rateLimit"]);
    expect(response.body.message).toContain("rateLimit must be an integer >= 1 (got 0)");
    expect((await emu.control("GET", "/settings")).rateWindowSeconds).toBe(15);
  });
});

describe("seed", () => {
  it("adds organizations and keys, idempotent per id", async () => {
    const seed = { organizations: [{ id: "acme", name: "Acme", apiKeys: [{ id: "key-1", secret: "s3cret", name: "ci" }] }] };
    expect(await emu.control("POST", "/seed", seed)).toEqual({ organizations: ["acme"], apiKeys: ["key-1"] });
    await emu.control("POST", "/seed", seed);
    const state = await emu.control("GET", "/state");
    expect(Object.keys(state.organizations)).toEqual(["demo", "acme"]);
    expect(state.organizations.acme.apiKeys).toEqual([expect.objectContaining({ id: "key-1", name: "ci", secret: "s3cret" })]);
    const acme = await emu.as("key-1", "s3cret", "acme");
    expect((await acme.call("GET", "/keys")).body.data.map((k: { id: string }) => k.id)).toEqual(["key-1"]);
    expectEnvelope(await controlCall("POST", "/seed", { organizations: "acme" }), 400, "BadRequest");
  });
});

describe("faults", () => {
  it("status: answers the envelope without running the handler, for count requests", async () => {
    const { id } = await emu.control("POST", "/faults", { method: "POST", path: "/v1/secrets", status: 503, count: 2 });
    expect(id).toMatch(/^[A-Za-z0-9]{8}$/);
    for (let i = 0; i < 2; i++) {
      const failed = await createSecret();
      expectEnvelope(failed, 503, "Unavailable");
      expect(failed.headers["retry-after"]).toBe("1");
    }
    expect((await emu.control("GET", "/state")).organizations.demo.secrets).toEqual([]);
    expect((await createSecret()).status).toBe(201);
  });

  it("status with a custom body and headers; * wildcards; method matching", async () => {
    await emu.control("POST", "/faults", { path: "/v1/widgets/*", status: 429, body: { custom: true }, headers: { "Retry-After": "0" } });
    await emu.control("POST", "/faults", { method: "DELETE", path: "*", status: 500 });
    expect((await emu.call("GET", "/keys")).status).toBe(200);
    const limited = await emu.call("GET", "/widgets/notices?x=1");
    expect(limited).toMatchObject({ status: 429, body: { custom: true } });
    expect(limited.headers["retry-after"]).toBe("0");
    expectEnvelope(await emu.call("DELETE", "/keys/demo-key"), 500, "GeneralError");
    expect((await emu.call("GET", "/keys/demo-key")).status).toBe(200);
  });

  it("delayMs: the request still runs normally", async () => {
    await emu.control("POST", "/faults", { path: "/v1/secrets", delayMs: 50 });
    expect((await createSecret()).status).toBe(201);
    expect(await emu.control("GET", "/faults")).toEqual([]);
  });

  it("drop before-commit: the connection closes and nothing is created", async () => {
    await emu.control("POST", "/faults", { method: "POST", path: "/v1/secrets", drop: "before-commit" });
    await expect(createSecret()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await emu.control("GET", "/state")).organizations.demo.secrets).toEqual([]);
  });

  it("drop after-commit: the connection closes but the change is committed (a lost POST response)", async () => {
    await emu.control("POST", "/faults", { method: "POST", path: "/v1/secrets", drop: "after-commit", delayMs: 10 });
    await expect(createSecret("lost")).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await emu.control("GET", "/state")).organizations.demo.secrets).toEqual([expect.objectContaining({ name: "lost" })]);
    const log = await emu.control("GET", "/requests");
    expect(log.at(-1)).toMatchObject({ method: "POST", route: "POST /v1/secrets", status: "dropped" });
  });

  it("GET lists what remains; DELETE clears; bad specs → 400 naming the field", async () => {
    await emu.control("POST", "/faults", { path: "/v1/keys", status: 500, count: 3 });
    await emu.call("GET", "/keys");
    expect(await emu.control("GET", "/faults")).toEqual([
      { id: expect.any(String), method: "*", path: "/v1/keys", count: 2, status: 500 },
    ]);
    expect(await emu.control("DELETE", "/faults")).toEqual({ cleared: 1 });
    expect((await emu.call("GET", "/keys")).status).toBe(200);
    const bad = await controlCall("POST", "/faults", { path: "", status: 99, drop: "sometimes" });
    expectEnvelope(bad, 400, "BadRequest");
    expect(Object.keys(bad.body.errors).sort()).toEqual(["drop", "path", "status"]);
    expectEnvelope(await controlCall("POST", "/faults", { path: "/v1/keys" }), 400, "BadRequest");
  });
});

describe("stats and the request log", () => {
  it("counts per route template and status, writes without sessions, 429s; control calls are not counted", async () => {
    await emu.control("DELETE", "/stats");
    await emu.settings({ rateLimit: 4 });
    const secret = (await createSecret()).body;
    await emu.call("GET", `/secrets/${secret.id}`);
    await emu.call("GET", "/secrets/Unknown1");
    await emu.call("GET", "/secrets");
    await emu.call("GET", "/secrets");
    await emu.login();
    await emu.control("GET", "/state");
    expect(await emu.control("GET", "/stats")).toEqual({
      total: 6,
      writes: 1,
      rateLimited: 1,
      byRoute: {
        "POST /v1/secrets": { count: 1, byStatus: { "201": 1 } },
        "GET /v1/secrets/:id": { count: 2, byStatus: { "200": 1, "404": 1 } },
        "GET /v1/secrets": { count: 2, byStatus: { "200": 1, "429": 1 } },
        "POST /v1/sessions": { count: 1, byStatus: { "201": 1 } },
      },
      byStatus: { "200": 2, "201": 2, "404": 1, "429": 1 },
    });
  });

  it("the log has method, path, query, route, status, response size, organization and time; never bodies, headers or secret values", async () => {
    await emu.control("DELETE", "/stats");
    const secret = (await createSecret()).body;
    await emu.call("GET", `/secrets?secret=${secret.secret}&name[$in]=a&name[$in]=b`);
    await emu.login();
    const log = await emu.control("GET", "/requests");
    expect(log).toEqual([
      { method: "POST", path: "/v1/secrets", query: {}, route: "POST /v1/secrets", status: 201, responseBytes: expect.any(Number), organizationId: "demo", at: expect.any(String) },
      {
        method: "GET",
        path: "/v1/secrets",
        query: { secret: "[redacted]", "name[$in]": ["a", "b"] },
        route: "GET /v1/secrets",
        status: 200,
        responseBytes: expect.any(Number),
        organizationId: "demo",
        at: expect.any(String),
      },
      { method: "POST", path: "/v1/sessions", query: {}, route: "POST /v1/sessions", status: 201, responseBytes: expect.any(Number), organizationId: null, at: expect.any(String) },
    ]);
    // the size of what was sent: the list above is an envelope of nothing
    expect(log[1].responseBytes).toBe(Buffer.byteLength(JSON.stringify({ total: 0, limit: 100, skip: 0, data: [] })));
    expect(JSON.stringify(log)).not.toContain(secret.secret);
    expect(JSON.stringify(log)).not.toContain("demo-secret");
  });

  it("DELETE /stats resets the counters and the log", async () => {
    await createSecret();
    await emu.control("DELETE", "/stats");
    expect((await emu.control("GET", "/stats")).total).toBe(0);
    expect(await emu.control("GET", "/requests")).toEqual([]);
  });
});

describe("control endpoint errors", () => {
  it("unknown control endpoints → 404, wrong methods → 405, malformed JSON → 400", async () => {
    expectEnvelope(await controlCall("GET", "/nothing"), 404, "NotFound");
    expectEnvelope(await controlCall("PUT", "/settings", {}), 405, "MethodNotAllowed");
    expectEnvelope(await httpCall(emu.running.controlUrl + "/settings", "PATCH", { raw: "{" }), 400, "BadRequest");
  });

  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === "IPv4" && !address.internal)?.address;

  it.skipIf(!lanAddress)("answer 403 to a peer that is not on loopback", async () => {
    const exposed = await TestEmulator.start({ host: "0.0.0.0" });
    try {
      const response = await httpCall(`http://${lanAddress}:${exposed.running.port}/__emulator/state`, "GET");
      expectEnvelope(response, 403, "Forbidden");
      expect((await httpCall(`http://127.0.0.1:${exposed.running.port}/__emulator/settings`, "GET")).status).toBe(200);
    } finally {
      await exposed.close();
    }
  });
});
