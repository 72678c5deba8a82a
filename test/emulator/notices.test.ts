// Notices and their configurations (BEHAVIOR.md §7, §8): the draft created with a notice, v1 and v2 views,
// regulation_configurations merged by id, read-only fields, published configs, archive, duplicate, delete modes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestEmulator, expectEnvelope } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const V2 = { v: "2" };
const patchConfig = (id: string, body: unknown, headers: Record<string, string> = V2) =>
  emu.call("PATCH", `/widgets/notices/configs/${id}`, { body, headers });

describe("notice creation", () => {
  it("creates the draft config shown in Didomi's tutorial, without regulation configurations in v1", async () => {
    const notice = await emu.createNotice("My consent notice");
    const configs = await emu.call("GET", `/widgets/notices/configs?organization_id=demo&notice_id=${notice.id}`);
    expect(configs.body).toMatchObject({ total: 1, limit: 100, skip: 0 });
    const draft = configs.body.data[0];
    expect(draft).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
      notice_id: notice.id,
      organization_id: "demo",
      deployed_at: null,
      custom_json: {},
      default: false,
      platform: "web",
      targets: [],
      text_mode: "approved",
      text_id: "W37f3Bmd",
      full_atp: false,
      enable_ignore_consent_before: false,
      ignore_consent_before: null,
      negative_action: "button",
      disagree_button_style: "primary",
      country: null,
      notice_deny_applies_to_li: true,
      preferences_deny_applies_to_li: true,
      consent_duration: 12,
      consent_duration_unit: "months",
      gcm_enabled: null,
      version: 0,
    });
    expect(draft).not.toHaveProperty("regulation_configurations");
    expect((await emu.call("GET", `/widgets/notices/configs/${draft.id}`, { headers: V2 })).body.regulation_configurations).toEqual([]);
  });

  it("with v: 2 the draft has a default GDPR regulation configuration", async () => {
    const notice = await emu.createNotice("multi", V2);
    const draft = await emu.draftOf(notice.id);
    expect(draft.regulation_configurations).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
        regulation_id: "gdpr",
        is_default_regulation_config: true,
        notice_config_id: draft.id,
        organization_id: "demo",
        disabled_at: null,
        geo_locations: expect.arrayContaining(["FR", "DE", "GB"]),
        consent_duration: null,
        version: 0,
      }),
    ]);
  });

  it("duplicate=<id> copies the source's draft into the new notice's draft (new ids)", async () => {
    const source = await emu.createNotice("source", V2);
    const sourceDraft = await emu.draftOf(source.id);
    await patchConfig(sourceDraft.id, { targets: ["*.example.com"], config: { app: { name: "x" } } });
    const copy = await emu.call("POST", `/widgets/notices?duplicate=${source.id}`, { body: { organization_id: "demo", name: "copy" } });
    expect(copy.status).toBe(201);
    const copyDraft = await emu.draftOf(copy.body.id);
    expect(copyDraft).toMatchObject({ notice_id: copy.body.id, targets: ["*.example.com"], config: { app: { name: "x" } }, version: 0 });
    expect(copyDraft.id).not.toBe(sourceDraft.id);
    expect(copyDraft.regulation_configurations[0].id).not.toBe(sourceDraft.regulation_configurations[0].id);
    expect(copyDraft.regulation_configurations[0].notice_config_id).toBe(copyDraft.id);
  });
});

describe("notice updates", () => {
  it("archive with archived_at and un-archive with null; archived_at=null lists active notices", async () => {
    const kept = await emu.createNotice("kept");
    const archived = await emu.createNotice("archived");
    const at = new Date().toISOString();
    expect((await emu.call("PATCH", `/widgets/notices/${archived.id}`, { body: { archived_at: at } })).body.archived_at).toBe(at);
    const active = await emu.call("GET", "/widgets/notices?archived_at=null");
    expect(active.body.data.map((notice: { id: string }) => notice.id)).toEqual([kept.id]);
    expect((await emu.call("PATCH", `/widgets/notices/${archived.id}`, { body: { archived_at: null } })).body.archived_at).toBeNull();
    expect((await emu.call("GET", "/widgets/notices?archived_at=null")).body.total).toBe(2);
  });

  it("a whole notice read back can be PATCHed (nulls and read-only fields included)", async () => {
    const notice = await emu.createNotice();
    const patched = await emu.call("PATCH", `/widgets/notices/${notice.id}`, { body: { ...notice, external_id: "ext-1" } });
    expect(patched.body).toMatchObject({ external_id: "ext-1", version: 1 });
    expectEnvelope(await emu.call("PATCH", `/widgets/notices/${notice.id}`, { body: { organization_id: "x" } }), 400, "BadRequest");
  });
});

describe("config PATCH", () => {
  it("GET then PATCH the entire draft back (as Didomi's scripts do) succeeds and bumps the version", async () => {
    const notice = await emu.createNotice("n", V2);
    const draft = await emu.draftOf(notice.id);
    const patched = await patchConfig(draft.id, { ...draft, country: "FR" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ country: "FR", version: 1, id: draft.id });
    expect(patched.body.regulation_configurations).toHaveLength(1);
  });

  it("refuses to change read-only identity and to publish by PATCH", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    for (const body of [{ notice_id: "Other123" }, { organization_id: "x" }, { deployed_at: new Date().toISOString() }]) {
      const refused = await patchConfig(draft.id, body);
      expectEnvelope(refused, 400, "BadRequest");
      expect(refused.body.errors[Object.keys(body)[0]]).toMatch(/^cannot be changed/);
    }
  });

  it("nested objects are replaced wholesale; other fields are kept", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    await patchConfig(draft.id, { config: { a: 1, b: { c: 2 } }, custom_json: { x: 1 } });
    const patched = await patchConfig(draft.id, { config: { b: { d: 3 } } });
    expect(patched.body).toMatchObject({ config: { b: { d: 3 } }, custom_json: { x: 1 }, version: 2 });
  });

  it("checks what openapi.yml states only in prose: platform, text_mode, encodings, durations, approved text", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    const cases: Array<[object, string]> = [
      [{ platform: "television" }, "platform"],
      [{ text_mode: "free" }, "text_mode"],
      [{ consent_string_purposes_encoding: "zip" }, "consent_string_purposes_encoding"],
      [{ consent_duration: -1 }, "consent_duration"],
      [{ text_id: null }, "text_id"],
      [{ gpp_mspa_mode: "other" }, "gpp_mspa_mode"],
    ];
    for (const [body, field] of cases) {
      const refused = await patchConfig(draft.id, body);
      expectEnvelope(refused, 400, "BadRequest");
      expect(Object.keys(refused.body.errors)).toEqual([field]);
      expect(refused.body.message).toContain(field);
    }
    const custom = await patchConfig(draft.id, { text_mode: "custom", text_id: null, platform: "app", gpp_enabled: true });
    expect(custom.body).toMatchObject({ text_mode: "custom", text_id: null, platform: "app", gpp_enabled: true });
  });

  it("unknown fields are ignored, or refused with strictBodies", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    const lenient = await patchConfig(draft.id, { colour: "blue", country: "FR" });
    expect(lenient.status).toBe(200);
    expect(lenient.body).not.toHaveProperty("colour");
    await emu.settings({ strictBodies: true });
    const strict = await patchConfig(draft.id, { colour: "blue" });
    expectEnvelope(strict, 400, "BadRequest");
    expect(strict.body.errors).toEqual({ colour: "is not allowed" });
  });

  it("client versions are ignored, or checked with enforceVersion (409 when stale)", async () => {
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    expect((await patchConfig(draft.id, { version: 42, country: "FR" })).status).toBe(200);
    await emu.settings({ enforceVersion: true });
    expectEnvelope(await patchConfig(draft.id, { version: 0, country: "DE" }), 409, "Conflict");
    expect((await patchConfig(draft.id, { version: 1, country: "DE" })).body.version).toBe(2);
  });

  it("a published config answers publishedPatchStatus", async () => {
    await emu.settings({ publishedPatchStatus: 409 });
    const notice = await emu.createNotice();
    const draft = await emu.draftOf(notice.id);
    await emu.deploy(notice.id, draft.id);
    expectEnvelope(await patchConfig(draft.id, { country: "FR" }), 409, "Conflict");
  });
});

describe("regulation_configurations (v2)", () => {
  async function multiRegulationDraft() {
    const notice = await emu.createNotice("multi", V2);
    return emu.draftOf(notice.id);
  }

  it("items with id are merged, items without id are created, omitted items stay", async () => {
    const draft = await multiRegulationDraft();
    const gdpr = draft.regulation_configurations[0];
    const patched = await patchConfig(draft.id, {
      regulation_configurations: [{ regulation_id: "cpra", geo_locations: ["US_CA"], is_default_regulation_config: true }],
    });
    expect(patched.status).toBe(200);
    const [keptGdpr, cpra] = patched.body.regulation_configurations;
    expect(keptGdpr).toEqual(gdpr);
    expect(cpra).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
      regulation_id: "cpra",
      geo_locations: ["US_CA"],
      notice_config_id: draft.id,
      organization_id: "demo",
      disabled_at: null,
      version: 0,
    });
    const merged = await patchConfig(draft.id, { regulation_configurations: [{ ...gdpr, consent_duration: 6 }] });
    expect(merged.body.regulation_configurations[0]).toMatchObject({ id: gdpr.id, consent_duration: 6, geo_locations: gdpr.geo_locations, version: 1 });
    expect(merged.body.regulation_configurations[1]).toEqual(cpra);
  });

  it("a regulation configuration is removed by setting disabled_at", async () => {
    const draft = await multiRegulationDraft();
    const gdpr = draft.regulation_configurations[0];
    const at = new Date().toISOString();
    const patched = await patchConfig(draft.id, { regulation_configurations: [{ id: gdpr.id, disabled_at: at }] });
    expect(patched.body.regulation_configurations[0].disabled_at).toBe(at);
  });

  it("refuses unknown ids, a new item without regulation_id, bad geo locations and two enabled defaults", async () => {
    const draft = await multiRegulationDraft();
    const cases: Array<[object, string]> = [
      [{ id: "Unknown1", consent_duration: 1 }, "regulation_configurations[0].id"],
      [{ geo_locations: ["FR"] }, "regulation_configurations[0].regulation_id"],
      [{ regulation_id: "cpra", geo_locations: ["california"] }, "regulation_configurations[0].geo_locations[0]"],
      [{ regulation_id: "gdpr", is_default_regulation_config: true, geo_locations: ["*"] }, "regulation_configurations[0].is_default_regulation_config"],
      [{ regulation_id: "cpra", consent_duration_unit: "weeks" }, "regulation_configurations[0].consent_duration_unit"],
      [{ id: draft.regulation_configurations[0].id, regulation_id: "cpa" }, "regulation_configurations[0].regulation_id"],
    ];
    for (const [item, path] of cases) {
      const refused = await patchConfig(draft.id, { regulation_configurations: [item] });
      expectEnvelope(refused, 400, "BadRequest");
      expect(Object.keys(refused.body.errors)).toEqual([path]);
    }
    expect((await emu.draftOf(draft.notice_id)).version).toBe(0);
  });

  it("without v: 2 the field is not part of the resource: ignored, or refused with strictBodies", async () => {
    const draft = await multiRegulationDraft();
    const items = [{ regulation_id: "cpra", geo_locations: ["US_CA"] }];
    const v1 = await patchConfig(draft.id, { regulation_configurations: items, country: "FR" }, {});
    expect(v1.status).toBe(200);
    expect(v1.body).not.toHaveProperty("regulation_configurations");
    expect((await emu.draftOf(draft.notice_id)).regulation_configurations).toHaveLength(1);
    await emu.settings({ strictBodies: true });
    expectEnvelope(await patchConfig(draft.id, { regulation_configurations: items }, {}), 400, "BadRequest");
  });
});

describe("the v1 view (no v: 2) of a multi-regulation config", () => {
  const V1 = {};

  /** A v2 draft whose default GDPR regulation configuration overrides consent_duration and config. */
  async function draftWithGdprOverrides() {
    const notice = await emu.createNotice("multi", V2);
    const draft = await emu.draftOf(notice.id);
    const gdpr = draft.regulation_configurations[0];
    await patchConfig(draft.id, {
      consent_duration: 12,
      country: "FR",
      config: { theme: "top-level" },
      regulation_configurations: [
        { id: gdpr.id, consent_duration: 6, config: { theme: "gdpr" } },
        { regulation_id: "cpra", geo_locations: ["US_CA"], is_default_regulation_config: true, consent_duration: 24 },
      ],
    });
    return { draft, gdpr };
  }

  it("reads show the default GDPR regulation configuration's overrides as top-level fields", async () => {
    const { draft } = await draftWithGdprOverrides();
    const v1 = (await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body;
    expect(v1).not.toHaveProperty("regulation_configurations");
    expect(v1).toMatchObject({ consent_duration: 6, config: { theme: "gdpr" }, country: "FR" });
    const listed = await emu.call("GET", `/widgets/notices/configs?notice_id=${draft.notice_id}&consent_duration=6`);
    expect(listed.body.data).toEqual([v1]);
    const v2 = await emu.draftOf(draft.notice_id);
    expect(v2).toMatchObject({ consent_duration: 12, config: { theme: "top-level" } });
  });

  it("a disabled GDPR regulation configuration is not mapped", async () => {
    const { draft, gdpr } = await draftWithGdprOverrides();
    await patchConfig(draft.id, { regulation_configurations: [{ id: gdpr.id, disabled_at: new Date().toISOString() }] });
    expect((await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body.consent_duration).toBe(12);
  });

  it("writes go where v1 reads them from: overridden fields into GDPR, others into the config", async () => {
    const { draft, gdpr } = await draftWithGdprOverrides();
    const patched = await patchConfig(draft.id, { consent_duration: 3, country: "DE" }, V1);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ consent_duration: 3, country: "DE" });
    expect((await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body).toMatchObject({ consent_duration: 3, country: "DE" });
    const v2 = await emu.draftOf(draft.notice_id);
    expect(v2).toMatchObject({ consent_duration: 12, country: "DE" });
    expect(v2.regulation_configurations).toEqual([
      expect.objectContaining({ id: gdpr.id, consent_duration: 3, version: gdpr.version + 2 }),
      expect.objectContaining({ regulation_id: "cpra", consent_duration: 24 }),
    ]);
  });

  it("a PATCH of the whole v1 object read back changes nothing; rules apply to the GDPR values written", async () => {
    const { draft } = await draftWithGdprOverrides();
    const before = await emu.draftOf(draft.notice_id);
    const read = (await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body;
    expect((await patchConfig(draft.id, read, V1)).status).toBe(200);
    const after = await emu.draftOf(draft.notice_id);
    expect({ ...after, version: 0, updated_at: "", regulation_configurations: [] }).toEqual({
      ...before,
      version: 0,
      updated_at: "",
      regulation_configurations: [],
    });
    expect(after.regulation_configurations.map((r: { consent_duration: number }) => r.consent_duration)).toEqual([6, 24]);
    const negative = await patchConfig(draft.id, { consent_duration: -1 }, V1);
    expectEnvelope(negative, 400, "BadRequest");
    expect(negative.body.errors).toEqual({ consent_duration: "must be >= 0" });
  });

  it("null for an overridden field removes GDPR's override: the config's own value shows again", async () => {
    const { draft, gdpr } = await draftWithGdprOverrides();
    await patchConfig(draft.id, { gcm_enabled: false, regulation_configurations: [{ id: gdpr.id, gcm_enabled: true }] });
    expect((await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body.gcm_enabled).toBe(true);
    const patched = await patchConfig(draft.id, { gcm_enabled: null }, V1);
    expect(patched.body.gcm_enabled).toBe(false);
    expect((await emu.draftOf(draft.notice_id)).regulation_configurations[0].gcm_enabled).toBeNull();
  });
});

describe("notice deletion", () => {
  async function publishedNotice() {
    const notice = await emu.createNotice();
    const published = await emu.draftOf(notice.id);
    const deployment = (await emu.deploy(notice.id, published.id)).body;
    const draft = await emu.draftOf(notice.id);
    return { notice, published, deployment, draft };
  }

  it("keep-audit (default): the notice and its draft go; published configs and deployments stay readable", async () => {
    const { notice, published, deployment, draft } = await publishedNotice();
    expect((await emu.call("DELETE", `/widgets/notices/${notice.id}`)).status).toBe(200);
    expectEnvelope(await emu.call("GET", `/widgets/notices/${notice.id}`), 404, "NotFound");
    expectEnvelope(await emu.call("GET", `/widgets/notices/configs/${draft.id}`), 404, "NotFound");
    expect((await emu.call("GET", `/widgets/notices/configs/${published.id}`)).status).toBe(200);
    expect((await emu.call("GET", `/widgets/notices/deployments/${deployment.id}`)).status).toBe(200);
    expect((await emu.call("GET", `/widgets/notices/sdk-configs?notice_id=${notice.id}`)).body.total).toBe(1);
  });

  it("cascade: configs, deployments and sdk-configs go too", async () => {
    await emu.settings({ noticeDeleteMode: "cascade" });
    const { notice, published, deployment } = await publishedNotice();
    expect((await emu.call("DELETE", `/widgets/notices/${notice.id}`)).status).toBe(200);
    expectEnvelope(await emu.call("GET", `/widgets/notices/configs/${published.id}`), 404, "NotFound");
    expectEnvelope(await emu.call("GET", `/widgets/notices/deployments/${deployment.id}`), 404, "NotFound");
    expect((await emu.call("GET", `/widgets/notices/sdk-configs?notice_id=${notice.id}`)).body.total).toBe(0);
  });

  it("forbid-if-deployed: a never-published notice can still be deleted", async () => {
    await emu.settings({ noticeDeleteMode: "forbid-if-deployed" });
    const notice = await emu.createNotice();
    expect((await emu.call("DELETE", `/widgets/notices/${notice.id}`)).status).toBe(200);
    const { notice: published } = await publishedNotice();
    const refused = await emu.call("DELETE", `/widgets/notices/${published.id}`);
    expectEnvelope(refused, 400, "BadRequest");
    expect(refused.body.message).toContain("archive it instead");
  });
});
