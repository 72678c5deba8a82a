// Notice, NoticeConfig and Deployment through the real Pulumi runtime: consent notices published by
// `pulumi up` exactly when their content changes, with Didomi's immutability of published configs
// respected. The emulator's request log is the evidence of what reached Didomi.
import { describe, expect, it } from "vitest";
import type { Stack } from "../harness";
import { changes, expectOk, reconfigure, single, stepsOf, testStack, TestDidomi, type Requests } from "./support";

const didomi = TestDidomi.forThisFile();

interface StoredConfig {
  id: string;
  notice_id: string;
  deployed_at: string | null;
  consent_duration: number | null;
  targets: string[];
  regulation_configurations: { regulation_id: string; geo_locations: string[] }[];
}
interface StoredDeployment {
  id: string;
  notice_id: string;
  production_config_id: string;
  status: string;
}

const content = (consentDuration: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    platform: "web",
    targets: ["www.example.com", "shop.example.com"],
    consentDuration,
    consentDurationUnit: "months",
    regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["FR", "DE"] }],
    ...extra,
  });

const configsOf = async (noticeId: string) => (await didomi.stored<StoredConfig>("configs")).filter((c) => c.notice_id === noticeId);
const deploymentsOf = async (noticeId: string) => (await didomi.stored<StoredDeployment>("deployments")).filter((d) => d.notice_id === noticeId);
const draftOf = async (noticeId: string) => (await configsOf(noticeId)).find((c) => c.deployed_at === null)!;
const liveOf = async (noticeId: string) => {
  const published = (await configsOf(noticeId)).filter((c) => c.deployed_at !== null);
  return published.sort((a, b) => Date.parse(b.deployed_at!) - Date.parse(a.deployed_at!))[0]!;
};
const count = (requests: Requests[], route: string) => requests.filter((r) => r.route === route).length;
const DEPLOY = "POST /v1/widgets/notices/deployments";

describe("publishing a consent notice", () => {
  const patchesOfConfigs: { path: string; at: string }[] = [];
  let stack: Stack;
  let noticeId: string;

  /** Runs an up and remembers every config PATCH it sent, to check none ever hit a published config. */
  async function up(s: Stack) {
    await didomi.resetStats();
    const result = expectOk(await s.up());
    const requests = await didomi.requests();
    for (const r of requests) if (r.route === "PATCH /v1/widgets/notices/configs/:id") patchesOfConfigs.push({ path: r.path, at: (r as unknown as { at: string }).at });
    return { result, requests };
  }

  it("sends no write on the first preview, then creates, configures and publishes once", async () => {
    stack = testStack(didomi, "notice", { content: content(6) });
    await didomi.resetStats();
    expect(changes(expectOk(await stack.preview()))).toEqual(["create site", "create site", "create site"]);
    expect(await didomi.writes()).toEqual([]);

    const { result, requests } = await up(stack);
    noticeId = result.outputs.noticeId as string;
    expect(count(requests, DEPLOY)).toBe(1);
    expect(await deploymentsOf(noticeId)).toMatchObject([{ status: "success" }]);
    expect(await liveOf(noticeId)).toMatchObject({ consent_duration: 6, targets: ["www.example.com", "shop.example.com"] });
    expect((await liveOf(noticeId)).regulation_configurations).toContainEqual(expect.objectContaining({ regulation_id: "gdpr", geo_locations: ["FR", "DE"] }));
  });

  it("makes no deployment and no write when nothing changed, even with the targets reordered", async () => {
    const reordered = reconfigure(stack, {
      content: content(6, { targets: ["shop.example.com", "www.example.com"], regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["DE", "FR"] }] }),
    });
    const { result, requests } = await up(reordered);
    expect(changes(result)).toEqual([]);
    expect(requests.filter((r) => r.method !== "GET" && r.route !== "POST /v1/sessions")).toEqual([]);
  });

  it("publishes a changed config exactly once", async () => {
    stack = reconfigure(stack, { content: content(12) });
    const preview = expectOk(await stack.preview());
    // the new content hash is known at preview, so the publication shows up before it happens
    expect(changes(preview)).toEqual(["update site", "replace site"]);
    const { requests } = await up(stack);
    expect(count(requests, DEPLOY)).toBe(1);
    expect(count(requests, "PATCH /v1/widgets/notices/configs/:id")).toBe(1);
    expect(await liveOf(noticeId)).toMatchObject({ consent_duration: 12 });
    expect(await deploymentsOf(noticeId)).toHaveLength(2);
  });

  it("refreshes without publishing or writing, and leaves nothing pending", async () => {
    await didomi.resetStats();
    const refreshed = expectOk(await stack.refresh());
    expect(refreshed.steps.filter((s) => s.refreshResult === "changed")).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
    expect(changes(expectOk(await stack.preview()))).toEqual([]);
  });

  it("shows a draft edited in the console as drift on that field, and restores it without publishing", async () => {
    const draft = await draftOf(noticeId);
    await didomi.console("PATCH", `/widgets/notices/configs/${draft.id}`, { consent_duration: 3 });
    const refreshed = expectOk(await stack.refresh());
    expect(refreshed.steps.filter((s) => s.refreshResult === "changed")).toMatchObject([
      { type: "pulumi-nodejs:dynamic/didomi:NoticeConfig", diffs: ["consentDuration"] },
    ]);
    const { result, requests } = await up(stack);
    expect(changes(result)).toEqual(["update site"]);
    expect(count(requests, DEPLOY)).toBe(0);
    expect(await draftOf(noticeId)).toMatchObject({ consent_duration: 12 });
  });

  it("shows a console publication of other content as drift, and republishes the declared content once", async () => {
    const draft = await draftOf(noticeId);
    await didomi.console("PATCH", `/widgets/notices/configs/${draft.id}`, { consent_duration: 1, targets: ["www.example.com"] });
    await didomi.console("POST", "/widgets/notices/deployments", { notice_id: noticeId, organization_id: "demo", production_config_id: draft.id, message: "console" });
    const refreshed = expectOk(await stack.refresh());
    const drifted = refreshed.steps.filter((s) => s.refreshResult === "changed");
    expect(drifted.map((s) => s.type.split(":").pop())).toEqual(expect.arrayContaining(["NoticeConfig", "Deployment"]));
    expect(stepsOf(refreshed, "site").find((s) => s.type.endsWith("NoticeConfig"))?.diffs).toEqual(["consentDuration", "targets"]);

    const { result, requests } = await up(stack);
    expect(changes(result)).toEqual(["update site", "replace site"]);
    expect(count(requests, DEPLOY)).toBe(1);
    expect(await liveOf(noticeId)).toMatchObject({ consent_duration: 12, targets: ["www.example.com", "shop.example.com"] });

    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
  });

  it("does not publish the same content twice when only the deployment message changes", async () => {
    const before = (await deploymentsOf(noticeId)).length;
    const { result, requests } = await up(reconfigure(stack, { message: "a new message" }));
    expect(changes(result)).toEqual(["replace site"]);
    expect(count(requests, DEPLOY)).toBe(0);
    expect(await deploymentsOf(noticeId)).toHaveLength(before);
  });

  it("never sent a PATCH to a configuration that was already published", async () => {
    const configs = new Map((await didomi.stored<StoredConfig>("configs")).map((c) => [c.id, c]));
    expect(patchesOfConfigs.length).toBeGreaterThan(0);
    for (const patch of patchesOfConfigs) {
      const config = configs.get(patch.path.split("/").pop()!)!;
      // published (if ever) only after the PATCH
      expect(config.deployed_at === null || Date.parse(config.deployed_at) >= Date.parse(patch.at)).toBe(true);
    }
    const refused = (await didomi.requests()).filter((r) => r.route.startsWith("PATCH") && r.status !== 200);
    expect(refused).toEqual([]);
  });

  it("archives the notice on destroy, keeping its published configurations", async () => {
    expect(changes(expectOk(await stack.destroy()))).toHaveLength(3);
    const [notice] = (await didomi.stored<{ id: string; archived_at: string | null }>("notices")).filter((n) => n.id === noticeId);
    expect(notice!.archived_at).not.toBeNull();
    expect((await configsOf(noticeId)).filter((c) => c.deployed_at !== null)).not.toHaveLength(0);
  });
});

describe("Notice adoption", () => {
  it("adopts by external id exactly, whatever the name", async () => {
    await didomi.console("POST", "/widgets/notices", { organization_id: "demo", name: "Old console name", external_source: "cms", external_id: "cms-42" });
    const stack = testStack(didomi, "single", single("Notice", { name: "Shop", externalSource: "cms", externalId: "cms-42", adopt: true }));
    await didomi.resetStats();
    expectOk(await stack.up());
    expect(count(await didomi.requests(), "POST /v1/widgets/notices")).toBe(0);
    expect((await didomi.stored<{ external_id: string; name: string }>("notices")).filter((n) => n.external_id === "cms-42")).toMatchObject([{ name: "Shop" }]);
  });
});

describe("a failed publication", () => {
  it("is a readable error, and the next up publishes once Didomi succeeds", async () => {
    const stack = testStack(didomi, "notice", { content: content(6), name: "failing", externalId: "failing" });
    expectOk(await reconfigure(stack, { publish: "false" }).up());
    const noticeId = (await didomi.stored<{ id: string; external_id: string }>("notices")).find((n) => n.external_id === "failing")!.id;
    await didomi.settings({ failDeploymentsForNotice: noticeId });
    const failed = await stack.up();
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(new RegExp(`didomi:Deployment of notice ${noticeId}: Didomi reports deployment \\w+ as failed; configuration \\w+ is not live`));
    await didomi.settings({ failDeploymentsForNotice: null });
    const { length: before } = await deploymentsOf(noticeId);
    expect(changes(expectOk(await stack.up()))).toEqual(["create site"]);
    expect(await deploymentsOf(noticeId)).toHaveLength(before + 1);
    expect((await deploymentsOf(noticeId)).map((d) => d.status).sort()).toEqual(["failure", "success"]);
  });
});

describe("Notice deletion", () => {
  it("records a change of onDelete alone without a request, and then deletes instead of archiving", async () => {
    const args = { name: "short-lived", externalId: "short-lived" };
    const stack = testStack(didomi, "single", single("Notice", args));
    expectOk(await stack.up());
    await didomi.resetStats();
    const switched = reconfigure(stack, single("Notice", { ...args, onDelete: "delete" }));
    expect(stepsOf(expectOk(await switched.up()), "subject")).toMatchObject([{ op: "update", diffs: ["onDelete"] }]);
    expect(await didomi.writes()).toEqual([]);
    expectOk(await switched.destroy());
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["DELETE /v1/widgets/notices/:id"]);
    expect((await didomi.stored<{ name: string }>("notices")).filter((n) => n.name === "short-lived")).toEqual([]);
  });
});

describe("notice configuration inputs", () => {
  it("rejects bad input in check with no request", async () => {
    const stack = testStack(didomi, "notice", {
      content: JSON.stringify({
        default: true,
        targets: ["www.example.com"],
        negativeAction: "maybe",
        consentDuration: -1,
        regulationConfigurations: [{ regulationId: "GDPR", geoLocations: ["France"] }],
      }),
    });
    await didomi.resetStats();
    const result = await stack.preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("targets: a default notice (default: true) serves every site without its own notice, so it takes no targets");
    expect(result.error).toContain('negativeAction: "maybe" is not allowed; use one of "button", "link"');
    expect(result.error).toContain("consentDuration: -1 is too small; use a value >= 0");
    expect(result.error).toContain('"GDPR" is not a regulation id; use a lowercase id such as "gdpr" or "cpra"');
    expect(result.error).toContain('"France" is not a location; use a country ("FR"), a region ("US_CA") or "*"');
    expect(await didomi.requests()).toEqual([]);
  });
});
