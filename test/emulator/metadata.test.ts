// The Data Manager (vendors, purposes, groups, categories) and notice templates: organization scoping, the global
// objects every organization reads and none changes, checked references, deprecation, and what deleting a vendor
// or a purpose that is in use does (docs/emulator.md "Data Manager").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TWO_ORGS, TestEmulator, expectEnvelope, type ApiResponse } from "./support";

let emu: TestEmulator;
let other: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start({ seed: TWO_ORGS });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset({ seed: TWO_ORGS });
  other = await emu.as("other-key", "other-secret", "other");
});

/** A list answer: 200 and its envelope. */
function listed(response: ApiResponse): { total: number; limit: number; skip: number; data: any[] } {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const create = async (client: TestEmulator, path: string, body: object) => {
  const response = await client.call("POST", `${path}?organization_id=${client.organizationId}`, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
};

describe("custom vendors, purposes and groups", () => {
  it("are the organization's own: another organization neither lists nor reads nor changes them", async () => {
    const purpose = await create(emu, "/metadata/purposes", { description: { en: "Offers", fr: "Offres" } });
    const vendor = await create(emu, "/metadata/partners", { name: "Acme CRM", category_id: "marketing", default_purposes_id: [purpose.id, "cookies"] });
    const group = await create(emu, "/metadata/purposes-groups", { name: "Marketing", purposes_id: [purpose.id] });
    expect(vendor).toMatchObject({ organization_id: "demo", deprecated: false, legitimate_interest_purposes_id: [], notes: null });

    for (const [path, id] of [["/metadata/purposes", purpose.id], ["/metadata/partners", vendor.id], ["/metadata/purposes-groups", group.id]]) {
      const mine = listed(await emu.call("GET", `${path}?organization_id=demo&id=${id}`));
      expect(mine.data).toHaveLength(1);
      expect(listed(await other.call("GET", `${path}?organization_id=other&id=${id}`)).data).toEqual([]);
      expect((await other.call("GET", `${path}/${id}`)).status).toBe(404);
      expect((await other.call("PATCH", `${path}/${id}`, { body: { name: "taken" } })).status).toBe(404);
      expect((await emu.call("GET", `${path}?organization_id=other`)).status).toBe(403);
    }
  });

  it("list the global objects beside the organization's, page and sort, and refuse to change a global one", async () => {
    await create(emu, "/metadata/partners", { name: "Zed Analytics", category_id: "analytics" });
    const all = listed(await emu.call("GET", "/metadata/partners?organization_id=demo&$sort[name]=1"));
    expect(all.data.map((p: { name: string }) => p.name)).toEqual(["Amazon", "Facebook", "Google Advertising Products", "Zed Analytics"]);
    const page = listed(await emu.call("GET", "/metadata/partners?organization_id=demo&$sort[name]=-1&$limit=1&$skip=1"));
    expect(page).toMatchObject({ total: 4, limit: 1, skip: 1 });
    expect(page.data.map((p: { name: string }) => p.name)).toEqual(["Google Advertising Products"]);
    expect(listed(await emu.call("GET", "/metadata/purposes?organization_id=demo")).total).toBe(14);
    expect(listed(await emu.call("GET", "/metadata/partners-categories?organization_id=demo")).data.map((c: { id: string }) => c.id)).toContain("analytics");

    const refused = await emu.call("PATCH", "/metadata/partners/google", { body: { notes: "mine now" } });
    expectEnvelope(refused, 403, "Forbidden");
    expect(refused.body.message).toContain("google is a global vendor (Didomi's or IAB's list) and cannot be changed; create a custom vendor instead");
    expect((await emu.call("DELETE", "/metadata/purposes/cookies")).status).toBe(403);
    expect((await emu.call("POST", "/metadata/partners-categories", { body: { name: "x" } })).status).toBe(405);
  });

  it("check their references and fields, naming what is wrong", async () => {
    const unknownPurpose = await emu.call("POST", "/metadata/partners?organization_id=demo", {
      body: { name: "Acme", category_id: "analytics", legitimate_interest_purposes_id: ["cookies", "nope"] },
    });
    expect(unknownPurpose.status).toBe(400);
    expect(unknownPurpose.body.errors).toEqual({ legitimate_interest_purposes_id: 'names unknown purposes "nope"; use ids of GET /metadata/purposes' });

    const unknownCategory = await emu.call("POST", "/metadata/partners?organization_id=demo", { body: { name: "Acme", category_id: "crm" } });
    expect(unknownCategory.body.errors).toEqual({ category_id: "is not a partner category; use one of analytics, advertising, marketing, social, other" });

    const othersPurpose = await create(other, "/metadata/purposes", { description: { en: "Theirs" } });
    const group = await emu.call("POST", "/metadata/purposes-groups?organization_id=demo", { body: { name: "G", purposes_id: [othersPurpose.id] } });
    expect(group.status).toBe(400);

    const missingName = await emu.call("POST", "/metadata/partners?organization_id=demo", { body: { category_id: "analytics" } });
    expect(missingName.status).toBe(400);
    expect(missingName.body.errors).toHaveProperty("name");
    expect((await emu.call("POST", "/metadata/purposes?organization_id=demo", { body: { description: {} } })).status).toBe(400);
  });

  it("deprecate a vendor, which stays listed; delete a vendor a published notice still lists", async () => {
    const vendor = await create(emu, "/metadata/partners", { name: "Acme Ads", category_id: "advertising" });
    const deprecated = await emu.call("POST", "/metadata/partners/deprecate", { body: { id: vendor.id } });
    expect(deprecated.status).toBe(201);
    expect(deprecated.body).toMatchObject({ id: vendor.id, deprecated: true, version: 1 });
    expect((await other.call("POST", "/metadata/partners/deprecate", { body: { id: vendor.id } })).status).toBe(404);
    expect((await emu.call("POST", "/metadata/partners/deprecate", { body: { id: "google" } })).status).toBe(403);

    const notice = await emu.createNotice("Shop");
    const draft = await emu.draftOf(notice.id);
    await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, { body: { config: { app: { vendors: { include: [`c:${vendor.id}`] } } } }, headers: { v: "2" } });
    expect((await emu.deploy(notice.id, draft.id)).status).toBe(201);
    // the contract offers deprecation for vendors in use, but does not refuse the DELETE
    expect((await emu.call("DELETE", `/metadata/partners/${vendor.id}`)).status).toBe(200);
    const published = listed(await emu.call("GET", `/widgets/notices/configs?organization_id=demo&id=${draft.id}`)).data[0];
    expect(published.config.app.vendors.include).toEqual([`c:${vendor.id}`]);
  });

  it("delete a purpose out of the vendors and groups that list it", async () => {
    const purpose = await create(emu, "/metadata/purposes", { description: { en: "Offers" } });
    const vendor = await create(emu, "/metadata/partners", { name: "Acme", category_id: "marketing", default_purposes_id: [purpose.id, "cookies"], spi_purposes_id: [purpose.id] });
    const group = await create(emu, "/metadata/purposes-groups", { name: "Marketing", purposes_id: [purpose.id] });
    expect((await emu.call("DELETE", `/metadata/purposes/${purpose.id}`)).status).toBe(200);
    expect((await emu.call("GET", `/metadata/partners/${vendor.id}`)).body).toMatchObject({ default_purposes_id: ["cookies"], spi_purposes_id: [] });
    expect((await emu.call("GET", `/metadata/purposes-groups/${group.id}`)).body).toMatchObject({ purposes_id: [] });
  });
});

describe("notice templates", () => {
  it("come with one configuration, link the organization's notices only, and take their configuration with them", async () => {
    const notice = await emu.createNotice("Shop");
    const template = await create(emu, "/widgets/notices/templates", { name: "Group standard", notices_id: [notice.id] });
    const configs = listed(await emu.call("GET", `/widgets/notices/templates/configs?organization_id=demo&template_id=${template.id}`));
    expect(configs.data).toEqual([expect.objectContaining({ template_id: template.id, organization_id: "demo", config: {} })]);
    const configId = configs.data[0].id;

    const patched = await emu.call("PATCH", `/widgets/notices/templates/configs/${configId}`, { body: { config: { app: { vendors: { iab: { all: true } } } } } });
    expect(patched.body).toMatchObject({ config: { app: { vendors: { iab: { all: true } } } }, version: 1 });
    expect((await emu.call("PATCH", `/widgets/notices/templates/configs/${configId}`, { body: { template_id: "other" } })).status).toBe(400);
    expect((await emu.call("POST", "/widgets/notices/templates/configs", { body: { template_id: template.id, config: {} } })).status).toBe(405);

    const othersNotice = await other.createNotice("Theirs");
    const refused = await emu.call("PATCH", `/widgets/notices/templates/${template.id}`, { body: { notices_id: [othersNotice.id] } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(`notices_id names notices this organization does not have: ${othersNotice.id}`);

    expect((await emu.call("DELETE", `/widgets/notices/templates/${template.id}`)).status).toBe(200);
    expect((await emu.call("GET", `/widgets/notices/templates/configs/${configId}`)).status).toBe(404);
  });
});
