// Cross-cutting HTTP behaviour: authentication (BEHAVIOR.md §1.2), the error envelope for bad requests (§1.4), the
// organization rate limit (§1.7), concurrent writes, and the settings that change how responses look.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TWO_ORGS, TestEmulator, expectEnvelope, httpCall } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start({ seed: TWO_ORGS });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** A protected route of each kind. */
const PROTECTED = [
  ["GET", "/keys"],
  ["POST", "/secrets"],
  ["GET", "/domains/x.example.com"],
  ["PATCH", "/widgets/notices/configs/ABCDEFGH"],
  ["DELETE", "/widgets/notices/ABCDEFGH"],
  ["GET", "/organizations"],
  ["GET", "/quotas"],
  ["GET", "/widgets/notices/sdk-configs"],
  ["POST", "/widgets/notices/deployments"],
];

describe("authentication", () => {
  it.each(PROTECTED)("%s %s without a token → 401 No auth token", async (method, path) => {
    const response = await emu.call(method, path, { token: null, body: {} });
    expectEnvelope(response, 401, "NotAuthenticated");
    expect(response.body.message).toBe("No auth token");
  });

  it("malformed, forged and non-Bearer tokens → 401", async () => {
    const [header, payload] = emu.token!.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
    expect((await emu.call("GET", "/keys", { token: "abc" })).body.message).toBe("jwt malformed");
    expect((await emu.call("GET", "/keys", { token: forged })).body.message).toBe("invalid signature");
    const basic = await emu.call("GET", "/keys", { token: null, headers: { authorization: "Basic ZGVtbzpkZW1v" } });
    expectEnvelope(basic, 401, "NotAuthenticated");
  });

  it("tokens carry sub, organization_id, iat and exp = iat + tokenTtlSeconds; expired ones → 401 jwt expired", async () => {
    const claims = JSON.parse(Buffer.from(emu.token!.split(".")[1], "base64url").toString());
    expect(claims).toEqual({ sub: "demo-key", organization_id: "demo", iat: expect.any(Number), exp: claims.iat + 3600 });
    await emu.settings({ tokenTtlSeconds: 0 });
    const expired = await emu.login();
    const response = await emu.call("GET", "/keys", { token: expired });
    expectEnvelope(response, 401, "NotAuthenticated");
    expect(response.body.message).toBe("jwt expired");
  });

  it("a deleted key's tokens stay valid, unless revokeTokensOnKeyDelete", async () => {
    for (const revoke of [false, true]) {
      await emu.settings({ revokeTokensOnKeyDelete: revoke });
      const key = (await emu.call("POST", "/keys", { body: { organization_id: "demo", name: `k-${revoke}` } })).body;
      const client = await emu.as(key.id, key.secret, "demo");
      await emu.call("DELETE", `/keys/${key.id}`);
      expect((await client.call("GET", "/keys")).status).toBe(revoke ? 401 : 200);
    }
  });
});

describe("bad requests never crash the server", () => {
  it("malformed JSON → 400; the server answers afterwards", async () => {
    const response = await emu.call("POST", "/secrets", { raw: '{"name": "x",' });
    expectEnvelope(response, 400, "BadRequest");
    expect(response.body.message).toMatch(/^Malformed JSON body/);
    expect((await emu.call("GET", "/secrets")).status).toBe(200);
  });

  it("a body larger than maxBodyBytes → 413; the server answers afterwards", async () => {
    await emu.settings({ maxBodyBytes: 1000 });
    const response = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "x".repeat(2000) } });
    expectEnvelope(response, 413, "PayloadTooLarge");
    expect((await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "small" } })).status).toBe(201);
  });

  it("unknown routes → 404, wrong methods → 405 with Allow, bad percent-encoding → 400", async () => {
    const unknown = await emu.call("GET", "/nothing/here");
    expectEnvelope(unknown, 404, "NotFound");
    expectEnvelope(await httpCall(emu.url.replace("/v1", "/v2/keys"), "GET"), 404, "NotFound");
    const wrongMethod = await emu.call("PUT", "/keys", { body: {} });
    expectEnvelope(wrongMethod, 405, "MethodNotAllowed");
    expect(wrongMethod.headers.allow).toBe("GET, POST");
    expectEnvelope(await emu.call("GET", "/domains/%E0%A4%A"), 400, "BadRequest");
    expect((await emu.call("GET", "/keys")).status).toBe(200);
  });

  it("a body that is not an object, or no body at all, → 400 naming the problem", async () => {
    for (const raw of ["[1,2]", '"text"', "42", ""]) {
      const response = await emu.call("POST", "/widgets/notices", { raw });
      expectEnvelope(response, 400, "BadRequest");
      expect(response.body.errors).toEqual({ "": "body must be a JSON object" });
    }
  });

  it("wrong types and enums name the field and the value sent", async () => {
    const response = await emu.call("POST", "/domains", {
      body: { id: "a.example.com", organization_id: "demo", usage: "cmp", enabled: "yes", bots_crawl: "some" },
    });
    expectEnvelope(response, 400, "BadRequest");
    expect(response.body.errors).toEqual({ enabled: "must be a boolean", bots_crawl: "must be one of: allow_all, disallow_all" });
    expect(response.body.message).toBe(
      'Invalid request body: enabled must be a boolean (got "yes"); bots_crawl must be one of: allow_all, disallow_all (got "some")',
    );
  });
});

describe("rate limit", () => {
  it("every rate-limited response carries RateLimit and RateLimit-Policy; past the limit 429 + Retry-After, handler not run", async () => {
    await emu.settings({ rateLimit: 3, rateWindowSeconds: 60 });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const response = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: `s${i}` } });
      expect(response.status).toBe(201);
      seen.push(response.headers.ratelimit);
      expect(response.headers["ratelimit-policy"]).toBe("3;w=60");
    }
    expect(seen.map((header) => /remaining=(\d+)/.exec(String(header))?.[1])).toEqual(["2", "1", "0"]);
    expect(seen[0]).toMatch(/^limit=3, remaining=2, reset=\d+$/);
    const limited = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "over" } });
    expectEnvelope(limited, 429, "TooManyRequests");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.headers.ratelimit).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    expect((await emu.control("GET", "/state")).organizations.demo.secrets).toHaveLength(3);
    // Errors count and carry the headers too.
    expect((await emu.call("GET", "/keys/Unknown1")).headers.ratelimit).toMatch(/remaining=0/);
  });

  it("the window is per organization; POST /sessions is exempt unless rateLimitSessions", async () => {
    await emu.settings({ rateLimit: 1, rateWindowSeconds: 60 });
    expect((await emu.call("GET", "/keys")).status).toBe(200);
    expect((await emu.call("GET", "/keys")).status).toBe(429);
    const other = await emu.as("other-key", "other-secret", "other");
    expect((await other.call("GET", "/keys")).status).toBe(200);
    const session = await emu.call("POST", "/sessions", { body: { type: "api-key", key: "demo-key", secret: "demo-secret" } });
    expect(session.status).toBe(201);
    expect(session.headers.ratelimit).toBeUndefined();
    await emu.settings({ rateLimitSessions: true });
    const limitedSession = await emu.call("POST", "/sessions", { body: { type: "api-key", key: "demo-key", secret: "demo-secret" } });
    expectEnvelope(limitedSession, 429, "TooManyRequests");
  });

  it("refused requests count too and carry the headers: 404, 405, 400, 413, and 401 for an expired token", async () => {
    await emu.settings({ rateLimit: 7, rateWindowSeconds: 60, maxBodyBytes: 1000 });
    const refused = [
      await emu.call("GET", "/nothing/here"),
      await emu.call("PUT", "/keys", { body: {} }),
      await emu.call("POST", "/secrets", { raw: '{"name": "x",' }),
      await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "x".repeat(2000) } }),
      await emu.call("GET", "/domains/%E0%A4%A"),
    ];
    expect(refused.map((response) => response.status)).toEqual([404, 405, 400, 413, 400]);
    expect(refused.map((response) => response.headers.ratelimit)).toEqual(
      [6, 5, 4, 3, 2].map((remaining) => expect.stringMatching(new RegExp(`^limit=7, remaining=${remaining}, reset=\\d+$`))),
    );
    expect(refused.every((response) => response.headers["ratelimit-policy"] === "7;w=60")).toBe(true);
    await emu.settings({ tokenTtlSeconds: 0 });
    const expired = await emu.call("GET", "/keys", { token: await emu.login() });
    expectEnvelope(expired, 401, "NotAuthenticated");
    expect(expired.headers.ratelimit).toMatch(/^limit=7, remaining=1, reset=\d+$/);
    expect((await emu.call("GET", "/keys")).headers.ratelimit).toMatch(/remaining=0/);
    // Once the window is used up, 429 comes before any other answer.
    expectEnvelope(await emu.call("GET", "/nothing/here"), 429, "TooManyRequests");
    expectEnvelope(await emu.call("POST", "/secrets", { raw: "{" }), 429, "TooManyRequests");
    const log = await emu.control("GET", "/requests");
    expect(log.filter((entry: { route: string }) => entry.route !== "POST /v1/sessions")).toEqual(
      Array.from({ length: 9 }, () => expect.objectContaining({ organizationId: "demo" })),
    );
  });

  it("without a token the emulator signed, requests count against the client's address, not an organization", async () => {
    await emu.settings({ rateLimit: 2, rateWindowSeconds: 60 });
    const [header, payload] = emu.token!.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged").toString("base64url")}`;
    const anonymous = [
      await emu.call("GET", "/keys", { token: null }),
      await emu.call("GET", "/nothing/here", { token: forged }),
      await emu.call("GET", "/keys", { token: null }),
    ];
    expect(anonymous.map((response) => response.status)).toEqual([401, 404, 429]);
    expect(anonymous.map((response) => /remaining=(\d+)/.exec(String(response.headers.ratelimit))?.[1])).toEqual(["1", "0", "0"]);
    expect((await emu.call("GET", "/keys")).headers.ratelimit).toMatch(/^limit=2, remaining=1, reset=\d+$/);
    const log = await emu.control("GET", "/requests");
    expect(log.map((entry: { status: number; organizationId: string | null }) => [entry.status, entry.organizationId]).slice(-4)).toEqual([
      [401, null],
      [404, null],
      [429, null],
      [200, "demo"],
    ]);
  });

  it("a new window starts once the previous one is over", async () => {
    await emu.settings({ rateLimit: 1, rateWindowSeconds: 1 });
    expect((await emu.call("GET", "/keys")).status).toBe(200);
    const limited = await emu.call("GET", "/keys");
    expect(limited.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(limited.headers["retry-after"]) * 1000 + 50));
    expect((await emu.call("GET", "/keys")).status).toBe(200);
  });
});

describe("concurrency", () => {
  it("200 concurrent writes leave state consistent", async () => {
    await emu.settings({ rateLimit: 10_000 });
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    const writes = [
      ...Array.from({ length: 100 }, (_, i) => emu.call("POST", "/widgets/notices", { body: { organization_id: "demo", name: `n${i}` } })),
      ...Array.from({ length: 50 }, (_, i) => emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { country: `C${i}` } })),
      ...Array.from({ length: 50 }, (_, i) => emu.call("POST", "/domains", { body: { id: `d${i % 25}.example.com`, organization_id: "demo", usage: "cmp" } })),
    ];
    const responses = await Promise.all(writes);
    const statuses = responses.map((response) => response.status);
    expect(statuses.slice(0, 100).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(100, 150).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(150).filter((status) => status === 201)).toHaveLength(25);
    expect(statuses.slice(150).filter((status) => status === 409)).toHaveLength(25);

    const state = (await emu.control("GET", "/state")).organizations.demo;
    expect(state.notices).toHaveLength(101);
    expect(new Set(state.notices.map((n: { id: string }) => n.id)).size).toBe(101);
    expect(state.configs).toHaveLength(101);
    for (const n of state.notices) {
      expect(state.configs.filter((c: { notice_id: string; deployed_at: null }) => c.notice_id === n.id && c.deployed_at === null)).toHaveLength(1);
    }
    expect(state.configs.find((c: { id: string }) => c.id === draft.id).version).toBe(50);
    expect(state.domains).toHaveLength(25);
  });
});

describe("response settings", () => {
  it("createStatus 200 mimics openapi.yml; errorIncludeClassName adds Feathers' className", async () => {
    await emu.settings({ createStatus: 200, errorIncludeClassName: true });
    expect((await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "x" } })).status).toBe(200);
    expect((await emu.call("GET", "/keys/Unknown1")).body).toEqual({
      code: 404,
      name: "NotFound",
      message: "No record found for id 'Unknown1'",
      errors: {},
      className: "not-found",
    });
  });

  it("latencyMs delays the response after the change is committed", async () => {
    await emu.settings({ latencyMs: 1000 });
    let answered = false;
    const pending = emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "slow" } }).then((response) => {
      answered = true;
      return response;
    });
    let committed = false;
    while (!committed) {
      committed = (await emu.control("GET", "/state")).organizations.demo.secrets.length === 1;
    }
    expect(answered).toBe(false);
    expect((await pending).status).toBe(201);
  });
});
