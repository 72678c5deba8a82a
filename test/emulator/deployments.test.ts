// The deployment lifecycle of BEHAVIOR.md §9 (and the sdk-configs of §10.1): publish the draft, the next draft as a
// copy with a new id, status ready → running → success | failure (at once without a delay), immutability of what
// was published, the parallel-deployment quota.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestEmulator, expectEnvelope } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const V2 = { v: "2" };

async function noticeWithDraft(headers: Record<string, string> = V2) {
  const notice = await emu.createNotice("n", headers);
  return { notice, draft: await emu.draftOf(notice.id) };
}

const getDeployment = async (id: string) => (await emu.call("GET", `/widgets/notices/deployments/${id}`)).body;

describe("publishing a draft", () => {
  it("with no delay (deploymentDelayMs 0) answers success at once; message defaults to an empty string", async () => {
    const { notice, draft } = await noticeWithDraft();
    const created = await emu.deploy(notice.id, draft.id);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
      notice_id: notice.id,
      organization_id: "demo",
      production_config_id: draft.id,
      message: "",
      status: "success",
      created_at: expect.any(String),
      updated_at: created.body.created_at,
      version: 0,
    });
    expect(await getDeployment(created.body.id)).toEqual(created.body);
    expect((await emu.control("GET", "/state")).pendingTransitions).toEqual([]);
  });

  it("marks the config published by the API key and creates the next draft as a copy with a new id", async () => {
    const { notice, draft } = await noticeWithDraft();
    await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, {
      body: { targets: ["www.example.com"], config: { app: { vendors: { iab: { all: true }, custom: ["a", "b"] } } } },
      headers: V2,
    });
    await emu.deploy(notice.id, draft.id, "first publish");
    const published = (await emu.call("GET", `/widgets/notices/configs/${draft.id}`, { headers: V2 })).body;
    expect(published).toMatchObject({
      deployed_at: expect.any(String),
      deployed_by: "demo-key",
      deployed_by_type: "api-key",
      deployed_by_name: "demo-key",
      deployed_metadata: { all_iab_enabled: true, iab_vendor_count: 0, custom_vendor_count: 2, iab_purpose_count: 0, custom_purpose_count: 0 },
    });
    const next = await emu.draftOf(notice.id);
    expect(next.id).not.toBe(draft.id);
    expect(next).toMatchObject({
      deployed_at: null,
      deployed_by: null,
      deployed_metadata: null,
      version: 0,
      targets: ["www.example.com"],
      config: published.config,
    });
    expect(next.regulation_configurations).toHaveLength(1);
    expect(next.regulation_configurations[0].id).not.toBe(published.regulation_configurations[0].id);
    const all = await emu.call("GET", `/widgets/notices/configs?notice_id=${notice.id}&$sort[created_at]=1`);
    expect(all.body.data.map((config: { id: string }) => config.id)).toEqual([draft.id, next.id]);
  });

  it("the published config cannot be deployed again; the new draft can", async () => {
    const { notice, draft } = await noticeWithDraft();
    await emu.deploy(notice.id, draft.id);
    expectEnvelope(await emu.deploy(notice.id, draft.id), 400, "BadRequest");
    const next = await emu.draftOf(notice.id);
    expect((await emu.deploy(notice.id, next.id)).status).toBe(201);
    const deployments = await emu.call("GET", `/widgets/notices/deployments?notice_id=${notice.id}`);
    expect(deployments.body.data.map((d: { production_config_id: string }) => d.production_config_id)).toEqual([draft.id, next.id]);
  });

  it("a deployment naming another notice or an unknown notice is 400", async () => {
    const { draft } = await noticeWithDraft();
    expectEnvelope(await emu.deploy("Unknown1", draft.id), 400, "BadRequest");
    const missing = await emu.call("POST", "/widgets/notices/deployments", { body: { organization_id: "demo" } });
    expectEnvelope(missing, 400, "BadRequest");
    expect(missing.body.errors).toEqual({ notice_id: "is required", production_config_id: "is required" });
  });
});

describe("sdk-configs", () => {
  it("one per enabled regulation configuration (v2), with its geo locations and the merged SDK config", async () => {
    const { notice, draft } = await noticeWithDraft();
    const gdpr = draft.regulation_configurations[0];
    await emu.call("PATCH", `/widgets/notices/configs/${draft.id}`, {
      headers: V2,
      body: {
        config: { theme: "dark" },
        custom_json: { extra: true },
        regulation_configurations: [
          { id: gdpr.id, config: { notice: { position: "popup" } } },
          { regulation_id: "cpra", geo_locations: ["US_CA"], is_default_regulation_config: true },
          { regulation_id: "cpa", geo_locations: ["US_CO"], disabled_at: new Date().toISOString() },
        ],
      },
    });
    const deployment = (await emu.deploy(notice.id, draft.id)).body;
    const sdkConfigs = await emu.call("GET", `/widgets/notices/sdk-configs?deployment_id=${deployment.id}`);
    expect(sdkConfigs.body.total).toBe(2);
    const [gdprSdk, cpraSdk] = sdkConfigs.body.data;
    expect(gdprSdk).toMatchObject({
      regulation_id: "gdpr",
      geo_locations: gdpr.geo_locations,
      notice_id: notice.id,
      notice_config_id: draft.id,
      notice_regulation_config_id: gdpr.id,
      organization_id: "demo",
      sdk_config: { theme: "dark", notice: { position: "popup" }, extra: true },
    });
    expect(cpraSdk).toMatchObject({ regulation_id: "cpra", geo_locations: ["US_CA"], sdk_config: { theme: "dark" } });
    expect(cpraSdk.sdk_config).not.toHaveProperty("extra");
    expect((await emu.call("GET", `/widgets/notices/sdk-configs/${cpraSdk.id}`)).body).toEqual(cpraSdk);
  });

  it("a config without regulation configurations (v1) publishes one GDPR sdk-config", async () => {
    const { notice, draft } = await noticeWithDraft({});
    await emu.deploy(notice.id, draft.id);
    const sdkConfigs = await emu.call("GET", `/widgets/notices/sdk-configs?notice_id=${notice.id}`);
    expect(sdkConfigs.body.data).toEqual([
      expect.objectContaining({ regulation_id: "gdpr", geo_locations: ["*"], notice_regulation_config_id: null }),
    ]);
  });

  it("is read only", async () => {
    for (const [method, path] of [["POST", "/widgets/notices/sdk-configs"], ["PATCH", "/widgets/notices/sdk-configs/X"], ["DELETE", "/widgets/notices/sdk-configs/X"]]) {
      expectEnvelope(await emu.call(method, path, { body: {} }), 405, "MethodNotAllowed");
    }
  });
});

describe("status progression", () => {
  it("with deploymentDelayMs: ready, then running from half the delay, then success", async () => {
    await emu.settings({ deploymentDelayMs: 400 });
    const { notice, draft } = await noticeWithDraft();
    const deployment = (await emu.deploy(notice.id, draft.id)).body;
    const seen: string[] = [deployment.status];
    while (seen.at(-1) !== "success") {
      const status = (await getDeployment(deployment.id)).status;
      if (status !== seen.at(-1)) seen.push(status);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toEqual(["ready", "running", "success"]);
  });

  it("failDeploymentsForNotice ends in failure; the config stays published and the new draft exists", async () => {
    const { notice, draft } = await noticeWithDraft();
    await emu.settings({ failDeploymentsForNotice: notice.id });
    const deployment = (await emu.deploy(notice.id, draft.id)).body;
    expect(deployment.status).toBe("failure");
    expect((await getDeployment(deployment.id)).status).toBe("failure");
    expect((await emu.call("GET", `/widgets/notices/configs/${draft.id}`)).body.deployed_at).not.toBeNull();
    expect((await emu.draftOf(notice.id)).id).not.toBe(draft.id);
  });

  it("a deployment counts against the parallel quota until it ends, not just while it is ready", async () => {
    await emu.settings({ deploymentDelayMs: 1000, quotas: { parallel_notices_deployments: 1 } });
    const first = await noticeWithDraft();
    const second = await noticeWithDraft();
    const inProgress = (await emu.deploy(first.notice.id, first.draft.id)).body;
    let attempt = await emu.deploy(second.notice.id, second.draft.id);
    expectEnvelope(attempt, 403, "Forbidden");
    while (attempt.status === 403) {
      expect(attempt.body.message).toBe('Quota "parallel_notices_deployments" exceeded (1)');
      await new Promise((resolve) => setTimeout(resolve, 50));
      attempt = await emu.deploy(second.notice.id, second.draft.id);
    }
    expect(attempt.status).toBe(201);
    // Accepted only once the first one was over: refused while ready, then while running (from half the delay).
    expect((await getDeployment(inProgress.id)).status).toBe("success");
  });

  it("advance completes pending deployments at once; completed ones free the parallel quota", async () => {
    await emu.settings({ deploymentDelayMs: 3_600_000, quotas: { parallel_notices_deployments: 2 } });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { notice, draft } = await noticeWithDraft();
      ids.push((await emu.deploy(notice.id, draft.id)).body.id);
    }
    const third = await noticeWithDraft();
    const refused = await emu.deploy(third.notice.id, third.draft.id);
    expectEnvelope(refused, 403, "Forbidden");
    expect(refused.body.message).toBe('Quota "parallel_notices_deployments" exceeded (2)');
    const advanced = await emu.control("POST", "/advance");
    expect(advanced.changed).toEqual(ids.map((id) => ({ kind: "deployment", id, from: "ready", to: "success" })));
    expect((await emu.deploy(third.notice.id, third.draft.id)).status).toBe(201);
  });
});
