// BEHAVIOR.md §11, row by row: each endpoint's success status and every 4xx the matrix lists for it.
// (401 and 429 apply to every row; they are covered once in http.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TWO_ORGS, TestEmulator, expectEnvelope } from "./support";

let emu: TestEmulator;
/** A client logged in with the key of organization "other". */
let other: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start({ seed: TWO_ORGS });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  other = await emu.as("other-key", "other-secret", "other");
});

describe("POST /sessions", () => {
  it("201 with a token for good credentials", async () => {
    const response = await emu.call("POST", "/sessions", { body: { type: "api-key", key: "demo-key", secret: "demo-secret" } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ type: "api-key", key: "demo-key", access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
  });

  it.each([
    ["wrong secret", { type: "api-key", key: "demo-key", secret: "nope" }],
    ["unknown key", { type: "api-key", key: "nobody", secret: "demo-secret" }],
    ["missing secret", { type: "api-key", key: "demo-key" }],
    ["unknown type", { type: "email", key: "demo-key", secret: "demo-secret" }],
  ])("400 Invalid authentication information: %s", async (_case, body) => {
    const response = await emu.call("POST", "/sessions", { body, token: null });
    expectEnvelope(response, 400, "BadRequest");
    expect(response.body.message).toBe("Invalid authentication information");
    expect(JSON.stringify(response.body)).not.toContain("demo-secret");
  });

  it("400 for a disabled key; its tokens already issued stay valid", async () => {
    const created = await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "ci" } });
    const ci = await emu.as(created.body.id, created.body.secret, "demo");
    expect((await emu.call("PATCH", `/keys/${created.body.id}`, { body: { enabled: false } })).status).toBe(200);
    const refused = await emu.call("POST", "/sessions", {
      body: { type: "api-key", key: created.body.id, secret: created.body.secret },
      token: null,
    });
    expectEnvelope(refused, 400, "BadRequest");
    expect((await ci.call("GET", "/keys")).status).toBe(200);
  });
});

describe("GET on every collection", () => {
  const collections = ["/keys", "/secrets", "/domains", "/widgets/notices", "/widgets/notices/configs", "/widgets/notices/deployments"];

  it.each(collections)("%s answers the envelope with the caller's organization only", async (path) => {
    await other.createNotice("theirs");
    await other.call("POST", "/domains", { body: { id: "theirs.example.com", organization_id: "other", usage: "cmp" } });
    await emu.createNotice("ours");
    const response = await emu.call("GET", path);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ total: expect.any(Number), limit: 100, skip: 0, data: expect.any(Array) });
    expect(response.body.data.every((record: { organization_id: string }) => record.organization_id === "demo")).toBe(true);
  });

  it.each(collections)("%s: 400 on an unknown filter field", async (path) => {
    const response = await emu.call("GET", `${path}?colour=blue`);
    expectEnvelope(response, 400, "BadRequest");
    expect(response.body.message).toContain('unknown field "colour"');
  });

  it.each(collections)("%s: 403 on another organization's filter", async (path) => {
    expectEnvelope(await emu.call("GET", `${path}?organization_id=other`), 403, "Forbidden");
  });
});

describe("GET /<resource>/{id}", () => {
  it("200 for own objects, 404 for unknown ids and for other organizations' objects", async () => {
    const ourNotice = await emu.createNotice();
    const theirNotice = await other.createNotice();
    const ourSecret = (await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "s" } })).body;
    const theirSecret = (await other.call("POST", "/secrets", { body: { organization_id: "other", name: "s" } })).body;
    const ourDraft = await emu.draftOf(ourNotice.id);
    const theirDraft = await other.draftOf(theirNotice.id);
    const pairs: Array<[string, string, string]> = [
      ["/widgets/notices", ourNotice.id, theirNotice.id],
      ["/secrets", ourSecret.id, theirSecret.id],
      ["/widgets/notices/configs", ourDraft.id, theirDraft.id],
      ["/keys", "demo-key", "other-key"],
      ["/organizations", "demo", "other"],
    ];
    for (const [path, ours, theirs] of pairs) {
      expect((await emu.call("GET", `${path}/${ours}`)).status).toBe(200);
      const hidden = await emu.call("GET", `${path}/${theirs}`);
      expectEnvelope(hidden, 404, "NotFound");
      expect(hidden.body.message).toBe(`No record found for id '${theirs}'`);
      expectEnvelope(await emu.call("GET", `${path}/Unknown1`), 404, "NotFound");
    }
  });
});

describe("/keys", () => {
  it("POST 201 with the secret; 400 missing name/org; 403 other org; 409 duplicate name", async () => {
    const created = await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "ci" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ci", organization_id: "demo", enabled: true, is_internal: false, secret: expect.any(String) });
    const missing = await emu.call("POST", "/keys", { body: { description: "x" } });
    expectEnvelope(missing, 400, "BadRequest");
    expect(missing.body.errors).toEqual({ organization_id: "is required", name: "is required" });
    expectEnvelope(await emu.call("POST", "/keys", { body: { organization_id: "other", name: "x" } }), 403, "Forbidden");
    expectEnvelope(await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "ci" } }), 409, "Conflict");
  });

  it("PATCH/PUT 200; 400 on an immutable field change; 404; 409 duplicate name", async () => {
    const first = (await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "first" } })).body;
    await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "second" } });
    const patched = await emu.call("PATCH", `/keys/${first.id}`, { body: { description: "d" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "d", version: 1 });
    expect(patched.body).not.toHaveProperty("secret");
    const put = await emu.call("PUT", `/keys/${first.id}`, { body: { name: "renamed" } });
    expect(put.body).toMatchObject({ name: "renamed", description: null, enabled: true });
    const immutable = await emu.call("PATCH", `/keys/${first.id}`, { body: { organization_id: "other" } });
    expectEnvelope(immutable, 400, "BadRequest");
    expect(immutable.body.errors.organization_id).toContain("cannot be changed");
    const secretChange = await emu.call("PATCH", `/keys/${first.id}`, { body: { secret: "guessed-secret" } });
    expectEnvelope(secretChange, 400, "BadRequest");
    expect(JSON.stringify(secretChange.body)).not.toContain(first.secret);
    expect(JSON.stringify(secretChange.body)).not.toContain("guessed-secret");
    expectEnvelope(await emu.call("PATCH", "/keys/Unknown1", { body: { name: "x" } }), 404, "NotFound");
    expectEnvelope(await emu.call("PATCH", `/keys/${first.id}`, { body: { name: "second" } }), 409, "Conflict");
  });

  it("DELETE 200 with the object; then 404", async () => {
    const key = (await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "gone" } })).body;
    const deleted = await emu.call("DELETE", `/keys/${key.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: key.id, name: "gone" });
    expect(deleted.body).not.toHaveProperty("secret");
    expectEnvelope(await emu.call("GET", `/keys/${key.id}`), 404, "NotFound");
    expectEnvelope(await emu.call("DELETE", `/keys/${key.id}`), 404, "NotFound");
  });
});

describe("/secrets", () => {
  it("POST 201 with a generated value; 400 missing name/org; 403 other org; quota", async () => {
    const created = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "uid", secret: "mine" } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toEqual(expect.stringMatching(/^[\w-]{20,}$/));
    expect(created.body.secret).not.toBe("mine");
    expectEnvelope(await emu.call("POST", "/secrets", { body: { organization_id: "demo" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("POST", "/secrets", { body: { name: "x" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("POST", "/secrets", { body: { organization_id: "other", name: "x" } }), 403, "Forbidden");
    await emu.settings({ quotas: { secrets: 2 } });
    expect((await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "second" } })).status).toBe(201);
    const third = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "third" } });
    expectEnvelope(third, 403, "Forbidden");
    expect(third.body.message).toBe('Quota "secrets" exceeded (2)');
    await emu.settings({ quotaExceededStatus: 429 });
    expectEnvelope(await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "third" } }), 429, "TooManyRequests");
  });

  it("reads show the value unless secretValueOnRead is off; the create response always does", async () => {
    await emu.settings({ secretValueOnRead: false });
    const created = await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "uid" } });
    expect(created.body.secret).toEqual(expect.any(String));
    expect((await emu.call("GET", `/secrets/${created.body.id}`)).body).not.toHaveProperty("secret");
    expect((await emu.call("GET", "/secrets")).body.data[0]).not.toHaveProperty("secret");
    await emu.settings({ secretValueOnRead: true });
    expect((await emu.call("GET", `/secrets/${created.body.id}`)).body.secret).toBe(created.body.secret);
  });

  it("PATCH/PUT/DELETE 200; 400 on an immutable change; 404", async () => {
    const secret = (await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: "uid" } })).body;
    expect((await emu.call("PATCH", `/secrets/${secret.id}`, { body: { description: "d" } })).body).toMatchObject({
      description: "d",
      secret: secret.secret,
      version: 1,
    });
    expect((await emu.call("PUT", `/secrets/${secret.id}`, { body: { name: "n2" } })).body).toMatchObject({ name: "n2", description: null });
    expectEnvelope(await emu.call("PATCH", `/secrets/${secret.id}`, { body: { secret: "rotated" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("PATCH", "/secrets/Unknown1", { body: { name: "x" } }), 404, "NotFound");
    expect((await emu.call("DELETE", `/secrets/${secret.id}`)).body).toMatchObject({ id: secret.id });
    expectEnvelope(await emu.call("DELETE", `/secrets/${secret.id}`), 404, "NotFound");
  });
});

describe("/domains", () => {
  const body = { id: "privacy.example.com", organization_id: "demo", usage: "cmp" };

  it("POST 201; 400 missing fields, bad enum, FQDN or status; 403 other org; 409 FQDN exists (any organization)", async () => {
    expect((await emu.call("POST", "/domains", { body })).status).toBe(201);
    const missing = await emu.call("POST", "/domains", { body: { organization_id: "demo" } });
    expectEnvelope(missing, 400, "BadRequest");
    expect(missing.body.errors).toEqual({ id: "is required", usage: "is required" });
    const badInputs = [
      { ...body, id: "a.example.com", bots_crawl: "some" },
      { ...body, id: "a.example.com", usage: "website" },
      { ...body, id: "not a domain" },
      { ...body, id: "Upper.Example.com" },
      { ...body, id: "a.example.com", status: "ready" },
    ];
    for (const bad of badInputs) expectEnvelope(await emu.call("POST", "/domains", { body: bad }), 400, "BadRequest");
    expectEnvelope(await emu.call("POST", "/domains", { body: { ...body, id: "b.example.com", organization_id: "other" } }), 403, "Forbidden");
    expectEnvelope(await emu.call("POST", "/domains", { body }), 409, "Conflict");
    expectEnvelope(await other.call("POST", "/domains", { body: { ...body, organization_id: "other" } }), 409, "Conflict");
  });

  it("PATCH/PUT 200; 400 illegal transition, entity still set, immutable change; 404", async () => {
    await emu.call("POST", "/domains", { body: { ...body, entity_id: "pc-1" } });
    expect((await emu.call("PATCH", "/domains/privacy.example.com", { body: { description: "d" } })).status).toBe(200);
    expect((await emu.call("PUT", "/domains/privacy.example.com", { body: { entity_id: "pc-2" } })).body).toMatchObject({
      description: null,
      entity_id: "pc-2",
    });
    const illegal = await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "ready" } });
    expectEnvelope(illegal, 400, "BadRequest");
    expect(illegal.body.message).toContain('cannot follow "draft"');
    const inUse = await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } });
    expectEnvelope(inUse, 400, "BadRequest");
    expect(inUse.body.message).toBe("Domain is still used by entity pc-2: set entity_id to null (in this request or before) to delete it");
    expectEnvelope(await emu.call("PATCH", "/domains/privacy.example.com", { body: { usage: "preference-center" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("PATCH", "/domains/nothing.example.com", { body: { description: "x" } }), 404, "NotFound");
  });

  it("DELETE 200 for a managed domain; 400 for a custom one; 404", async () => {
    await emu.call("POST", "/domains", { body });
    await emu.call("POST", "/domains", { body: { ...body, id: "acme.privacy-center.org" } });
    const deleted = await emu.call("DELETE", "/domains/acme.privacy-center.org");
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: "acme.privacy-center.org", type: "managed" });
    const custom = await emu.call("DELETE", "/domains/privacy.example.com");
    expectEnvelope(custom, 400, "BadRequest");
    expect(custom.body.message).toContain("Custom domains must be deleted by setting status to to_be_deleted");
    expectEnvelope(await emu.call("DELETE", "/domains/acme.privacy-center.org"), 404, "NotFound");
  });
});

describe("/widgets/notices", () => {
  it("POST 201; 400 missing name/org or unknown duplicate id; 403 other org", async () => {
    const created = await emu.call("POST", "/widgets/notices", { body: { organization_id: "demo", name: "n" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "n", organization_id: "demo", archived_at: null, version: 0, id: expect.stringMatching(/^[A-Za-z0-9]{8}$/) });
    expectEnvelope(await emu.call("POST", "/widgets/notices", { body: { organization_id: "demo" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("POST", "/widgets/notices", { body: { name: "n" } }), 400, "BadRequest");
    expectEnvelope(
      await emu.call("POST", "/widgets/notices?duplicate=Unknown1", { body: { organization_id: "demo", name: "copy" } }),
      400,
      "BadRequest",
    );
    expectEnvelope(await emu.call("POST", "/widgets/notices", { body: { organization_id: "other", name: "n" } }), 403, "Forbidden");
  });

  it("PATCH/PUT/DELETE 200 (DELETE returns the notice); 400 validation and forbidden delete; 404", async () => {
    const notice = await emu.createNotice();
    expect((await emu.call("PATCH", `/widgets/notices/${notice.id}`, { body: { name: "renamed" } })).body).toMatchObject({ name: "renamed", version: 1 });
    expect((await emu.call("PUT", `/widgets/notices/${notice.id}`, { body: { name: "put" } })).body).toMatchObject({ name: "put", version: 2 });
    expectEnvelope(await emu.call("PATCH", `/widgets/notices/${notice.id}`, { body: { archived_at: "yesterday" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("PATCH", "/widgets/notices/Unknown1", { body: { name: "x" } }), 404, "NotFound");
    await emu.settings({ noticeDeleteMode: "forbid-if-deployed" });
    const draft = await emu.draftOf(notice.id);
    await emu.deploy(notice.id, draft.id);
    expectEnvelope(await emu.call("DELETE", `/widgets/notices/${notice.id}`), 400, "BadRequest");
    await emu.settings({ noticeDeleteMode: "keep-audit" });
    const deleted = await emu.call("DELETE", `/widgets/notices/${notice.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: notice.id, name: "put" });
  });
});

describe("/widgets/notices/configs", () => {
  it("PATCH 200; 400 published config, validation, default with targets; 404", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    expect((await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { targets: ["*.example.com"] } })).status).toBe(200);
    const defaultWithTargets = await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { default: true } });
    expectEnvelope(defaultWithTargets, 400, "BadRequest");
    expect(defaultWithTargets.body.errors).toEqual({ targets: "must be empty when default is true" });
    expectEnvelope(await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { negative_action: "shout" } }), 400, "BadRequest");
    expectEnvelope(await emu.call("PATCH", "/widgets/notices/configs/Unknown1", { body: { default: false } }), 404, "NotFound");
    await emu.deploy(notice.id, draft.id);
    const published = await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { targets: [] } });
    expectEnvelope(published, 400, "BadRequest");
    expect(published.body.message).toContain(`Configuration ${draft.id} has already been deployed and cannot be modified`);
  });

  it.each([
    ["POST", "/widgets/notices/configs"],
    ["PUT", "/widgets/notices/configs/ANY"],
    ["DELETE", "/widgets/notices/configs/ANY"],
  ])("%s %s → 405", async (method, path) => {
    const response = await emu.call(method, path, { body: {} });
    expectEnvelope(response, 405, "MethodNotAllowed");
    expect(response.headers.allow).toMatch(/GET/);
  });
});

describe("/widgets/notices/deployments", () => {
  it("POST 201; 400 config not the draft or not of this notice; 403 other org and parallel quota", async () => {
    await emu.settings({ deploymentDelayMs: 60_000, quotas: { parallel_notices_deployments: 1 } });
    const first = await emu.createNotice("first");
    const second = await emu.createNotice("second");
    const firstDraft = await emu.draftOf(first.id);
    const secondDraft = await emu.draftOf(second.id);
    expectEnvelope(await emu.deploy(first.id, secondDraft.id), 400, "BadRequest");
    expectEnvelope(
      await emu.call("POST", "/widgets/notices/deployments", {
        body: { notice_id: first.id, organization_id: "other", production_config_id: firstDraft.id },
      }),
      403,
      "Forbidden",
    );
    const created = await emu.deploy(first.id, firstDraft.id);
    expect(created.status).toBe(201);
    const again = await emu.deploy(first.id, firstDraft.id);
    expectEnvelope(again, 400, "BadRequest");
    expect(again.body.message).toContain(`Configuration ${firstDraft.id} has already been deployed`);
    const quota = await emu.deploy(second.id, secondDraft.id);
    expectEnvelope(quota, 403, "Forbidden");
    expect(quota.body.message).toBe('Quota "parallel_notices_deployments" exceeded (1)');
  });

  it.each(["PATCH", "PUT", "DELETE"])("%s /widgets/notices/deployments/{id} → 405", async (method) => {
    const notice = await emu.createNotice();
    const deployment = (await emu.deploy(notice.id, (await emu.draftOf(notice.id)).id)).body;
    expectEnvelope(await emu.call(method, `/widgets/notices/deployments/${deployment.id}`, { body: {} }), 405, "MethodNotAllowed");
  });
});
