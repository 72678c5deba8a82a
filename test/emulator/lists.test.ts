// Lists and query strings (BEHAVIOR.md §1.6), organization scoping (§1.3), and the read-only organizations and
// quotas (§3, §1.9).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TWO_ORGS, TestEmulator, expectEnvelope } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start({ seed: TWO_ORGS });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function secrets(count: number): Promise<Array<{ id: string; name: string }>> {
  const created = [];
  for (let i = 0; i < count; i++) {
    created.push((await emu.call("POST", "/secrets", { body: { organization_id: "demo", name: `s${i % 3}`, description: `d${i}` } })).body);
  }
  return created;
}
const ids = (response: { body: { data: Array<{ id: string }> } }) => response.body.data.map((record) => record.id);

describe("paging and sorting", () => {
  it("$limit and $skip page in insertion order; total counts every match", async () => {
    const created = await secrets(5);
    const page = await emu.call("GET", "/secrets?$limit=2&$skip=1");
    expect(page.body).toMatchObject({ total: 5, limit: 2, skip: 1 });
    expect(ids(page)).toEqual([created[1].id, created[2].id]);
    const count = await emu.call("GET", "/secrets?$limit=0");
    expect(count.body).toEqual({ total: 5, limit: 0, skip: 0, data: [] });
  });

  it("the page size defaults to defaultPageSize and is clamped to maxPageSize (or refused with rejectLimitAboveMax)", async () => {
    await secrets(4);
    await emu.settings({ defaultPageSize: 2, maxPageSize: 3 });
    expect((await emu.call("GET", "/secrets")).body).toMatchObject({ limit: 2, total: 4 });
    const clamped = await emu.call("GET", "/secrets?$limit=1000");
    expect(clamped.body.limit).toBe(3);
    expect(clamped.body.data).toHaveLength(3);
    await emu.settings({ rejectLimitAboveMax: true });
    expectEnvelope(await emu.call("GET", "/secrets?$limit=1000"), 400, "BadRequest");
  });

  it("$sort[field]=1|-1, several keys in order", async () => {
    const created = await secrets(4);
    const byNameThenNewest = await emu.call("GET", "/secrets?$sort[name]=1&$sort[description]=-1");
    expect(ids(byNameThenNewest)).toEqual([created[3].id, created[0].id, created[1].id, created[2].id]);
  });

  it.each([
    ["$limit=-1", "$limit"],
    ["$limit=ten", "$limit"],
    ["$skip=1.5", "$skip"],
    ["$sort[name]=up", "$sort[name]"],
    ["$sort[colour]=1", "$sort[colour]"],
    ["name[$regex]=x", "name[$regex]"],
  ])("400 on %s", async (query, param) => {
    const response = await emu.call("GET", `/secrets?${query}`);
    expectEnvelope(response, 400, "BadRequest");
    expect(Object.keys(response.body.errors)).toEqual([param]);
  });
});

describe("filters", () => {
  it("equality, [$in], repeated parameters, null, booleans and numbers as strings", async () => {
    const created = await secrets(4);
    expect(ids(await emu.call("GET", "/secrets?name=s1"))).toEqual([created[1].id]);
    expect(ids(await emu.call("GET", "/secrets?name[$in]=s1&name[$in]=s2"))).toEqual([created[1].id, created[2].id]);
    expect(ids(await emu.call("GET", "/secrets?description=d1&description=d3"))).toEqual([created[1].id, created[3].id]);
    await emu.call("PATCH", `/secrets/${created[0].id}`, { body: { description: null } });
    expect(ids(await emu.call("GET", "/secrets?description=null"))).toEqual([created[0].id]);
    expect(ids(await emu.call("GET", "/secrets?version=1"))).toEqual([created[0].id]);
    await emu.call("POST", "/domains", { body: { id: "off.example.com", organization_id: "demo", usage: "cmp", enabled: false } });
    await emu.call("POST", "/domains", { body: { id: "on.example.com", organization_id: "demo", usage: "cmp" } });
    expect(ids(await emu.call("GET", "/domains?enabled=false"))).toEqual(["off.example.com"]);
    expect(ids(await emu.call("GET", "/domains?enabled=true&type=custom"))).toEqual(["on.example.com"]);
  });

  it("internal keys are hidden unless filtered with is_internal", async () => {
    const internal = (await emu.call("POST", "/keys", { body: { organization_id: "demo", name: "didomi", is_internal: true } })).body;
    expect(ids(await emu.call("GET", "/keys"))).toEqual(["demo-key"]);
    expect(ids(await emu.call("GET", "/keys?is_internal=true"))).toEqual([internal.id]);
    expect((await emu.call("GET", `/keys/${internal.id}`)).status).toBe(200);
  });

  it("listShape array answers a bare array", async () => {
    const created = await secrets(2);
    await emu.settings({ listShape: "array" });
    const response = await emu.call("GET", "/secrets?$limit=1");
    expect(response.body.map((secret: { id: string }) => secret.id)).toEqual([created[0].id]);
  });
});

describe("organization scoping", () => {
  it("without organization_id a list has the caller's organization; requireOrgIdOnList makes it mandatory", async () => {
    const other = await emu.as("other-key", "other-secret", "other");
    await other.call("POST", "/secrets", { body: { organization_id: "other", name: "theirs" } });
    const ours = (await secrets(1))[0];
    expect(ids(await emu.call("GET", "/secrets"))).toEqual([ours.id]);
    expect(ids(await emu.call("GET", "/secrets?organization_id=demo"))).toEqual([ours.id]);
    expectEnvelope(await emu.call("GET", "/secrets?organization_id[$in]=demo&organization_id[$in]=other"), 403, "Forbidden");
    await emu.settings({ requireOrgIdOnList: true });
    const missing = await emu.call("GET", "/secrets");
    expectEnvelope(missing, 400, "BadRequest");
    expect(missing.body.errors).toEqual({ organization_id: "is required" });
    expect((await emu.call("GET", "/secrets?organization_id=demo")).status).toBe(200);
  });

  it("organization_id in the query of a by-id call or a create must be the caller's", async () => {
    const ours = (await secrets(1))[0];
    expect((await emu.call("GET", `/secrets/${ours.id}?organization_id=demo`)).status).toBe(200);
    expectEnvelope(await emu.call("GET", `/secrets/${ours.id}?organization_id=other`), 403, "Forbidden");
    expectEnvelope(await emu.call("GET", `/secrets/${ours.id}?name=nope`), 404, "NotFound");
    expectEnvelope(
      await emu.call("POST", "/secrets?organization_id=other", { body: { organization_id: "demo", name: "x" } }),
      403,
      "Forbidden",
    );
  });
});

describe("organizations and quotas", () => {
  it("GET /organizations lists the caller's organization; other organizations are 404", async () => {
    const list = await emu.call("GET", "/organizations");
    expect(list.body).toMatchObject({ total: 1, data: [{ id: "demo", name: "Demo", version: 0 }] });
    expect((await emu.call("GET", "/organizations/demo")).body).toMatchObject({ id: "demo", website: null });
    expectEnvelope(await emu.call("GET", "/organizations/other"), 404, "NotFound");
    expectEnvelope(await emu.call("PATCH", "/organizations/demo", { body: { name: "x" } }), 405, "MethodNotAllowed");
  });

  it("GET /quotas shows the quota settings of the caller's organization; read only", async () => {
    await emu.settings({ quotas: { secrets: 10 }, rateLimit: 50 });
    const list = await emu.call("GET", "/quotas?organization_id=demo");
    expect(list.body.data).toEqual([
      expect.objectContaining({ organization_id: "demo", secrets: 10, parallel_notices_deployments: 3, api_requests: 50 }),
    ]);
    const quota = list.body.data[0];
    expect((await emu.call("GET", `/quotas/${quota.id}`)).body).toEqual(quota);
    expectEnvelope(await emu.call("POST", "/quotas", { body: {} }), 405, "MethodNotAllowed");
  });
});
