// The example programs in examples/ run as documented, against the emulator: they are what users copy.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { changes, expectOk, stepsOf, testStack, TestDidomi } from "./support";

const EXAMPLES = resolve(__dirname, "../../examples");

const didomi = TestDidomi.forThisFile();

describe("examples", () => {
  it("snippets: every resource once, then nothing to do, then gone", async () => {
    const stack = testStack(didomi, "snippets", {}, { cwd: join(EXAMPLES, "snippets") });
    expectOk(await stack.up());
    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
    expectOk(await stack.destroy());
  });

  it("promotion: the same consent configuration published once in each organization", async () => {
    const seed = JSON.parse(readFileSync(join(EXAMPLES, "promotion/seed.json"), "utf8")) as {
      organizations: { id: string; apiKeys: { id: string; secret: string }[] }[];
    };
    const [staging, production] = seed.organizations;
    for (const org of seed.organizations) await didomi.seed(org.id, org.apiKeys[0]!.id, org.apiKeys[0]!.secret);
    const stackIn = (org: typeof staging, name: string, site: string) =>
      new Stack({
        ...testStack(didomi, "promotion", {}, { cwd: join(EXAMPLES, "promotion") }).options,
        stack: name,
        config: {
          "didomi:baseUrl": didomi.url,
          "didomi:organizationId": org!.id,
          "didomi:apiKey": org!.apiKeys[0]!.id,
          site,
        },
        secrets: { "didomi:apiSecret": org!.apiKeys[0]!.secret },
      });
    const stagingStack = stackIn(staging, "staging", "staging.example.com");
    const productionStack = stackIn(production, "production", "www.example.com");
    const stagingUp = expectOk(await stagingStack.up());
    const productionUp = expectOk(await productionStack.up());
    expect(stagingUp.outputs.contentHash).not.toEqual(productionUp.outputs.contentHash); // the site (targets) differs

    // a second up on each organization writes nothing
    for (const stack of [stagingStack, productionStack]) {
      await didomi.resetStats();
      expect(changes(expectOk(await stack.up()))).toEqual([]);
      expect(await didomi.writes()).toEqual([]);
    }

    type Org = {
      deployments: unknown[];
      notices: { id: string; external_id: string }[];
      configs: { notice_id: string; deployed_at: string | null; config: { app?: { vendors?: { include?: string[] } } } }[];
      partners: { id: string; name: string }[];
      purposes: { id: string }[];
      purposeGroups: { id: string }[];
      templates: { id: string; notices_id: string[] }[];
    };
    const state = (await didomi.state()) as { organizations: Record<string, Org> };
    const [stagingOrg, productionOrg] = [state.organizations[staging!.id]!, state.organizations[production!.id]!];
    for (const org of [stagingOrg, productionOrg]) {
      expect(org.notices.map((n) => n.external_id).sort()).toEqual(["main-site", "shop"]);
      expect(org.deployments).toHaveLength(2);
      expect(org.partners.map((p) => p.name).sort()).toEqual(["Acme Ads", "Acme Analytics", "Acme CRM"]);
      expect(org.purposes).toHaveLength(2);
      expect(org.purposeGroups).toHaveLength(1);
      expect(org.templates).toHaveLength(1);
      expect(org.templates[0]!.notices_id.sort()).toEqual(org.notices.map((n) => n.id).sort());
    }
    // each organization got its own ids, and its notices refer to its own vendors, never the other's
    const ids = (org: Org) => new Set([...org.partners, ...org.purposes, ...org.purposeGroups].map((o) => o.id));
    expect([...ids(stagingOrg)].filter((id) => ids(productionOrg).has(id))).toEqual([]);
    const mainDraft = (org: Org) => {
      const notice = org.notices.find((n) => n.external_id === "main-site")!;
      return org.configs.find((c) => c.notice_id === notice.id && c.deployed_at === null)!;
    };
    for (const [org, other] of [[stagingOrg, productionOrg], [productionOrg, stagingOrg]] as const) {
      const included = mainDraft(org).config.app!.vendors!.include!;
      expect(included.sort()).toEqual(org.partners.map((p) => `c:${p.id}`).sort());
      expect(included.filter((id) => other.partners.some((p) => id === `c:${p.id}`))).toEqual([]);
    }
    expect(productionUp.outputs.vendorSdkIds).toEqual(expect.arrayContaining(productionOrg.partners.map((p) => `c:${p.id}`)));

    expectOk(await stagingStack.destroy());
    expectOk(await productionStack.destroy());
  });

  it("multi-org: two organizations from one stack, each resource with its own connection", async () => {
    const seed = JSON.parse(readFileSync(join(EXAMPLES, "multi-org/seed.json"), "utf8")) as {
      organizations: { id: string; apiKeys: { id: string; secret: string }[] }[];
    };
    for (const org of seed.organizations) for (const key of org.apiKeys) await didomi.seed(org.id, key.id, key.secret);
    const secrets = { brandASecret: "brand-a-s3cret", brandBSecret: "brand-b-s3cret" };
    const base = testStack(didomi, "multi-org", {}, { cwd: join(EXAMPLES, "multi-org") }).options;
    // no didomi:* credentials at all: every resource has its own
    const stack = new Stack({
      ...base,
      stack: "brands",
      config: { "didomi:baseUrl": didomi.url, brandAKey: "brand-a-key", brandBKey: "brand-b-key" },
      secrets,
    });
    const up = expectOk(await stack.up());

    type Org = { notices: { id: string; name: string }[]; partners: { id: string }[]; purposes: unknown[] };
    const state = (await didomi.state()) as { organizations: Record<string, Org> };
    for (const brand of ["brand-a", "brand-b"]) {
      const org = state.organizations[brand]!;
      expect(org.notices.map((n) => n.name)).toEqual([`www.${brand}.example`]);
      expect(org.partners).toHaveLength(1);
      expect(org.purposes).toHaveLength(1);
      expect((up.outputs.notices as Record<string, string>)[brand]).toBe(org.notices[0]!.id);
    }
    const stateFile = readFileSync(stack.options.stateFile, "utf8");
    for (const secret of Object.values(secrets)) expect(stateFile).not.toContain(secret);

    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);

    // brand B moves to another of its keys: updates that send nothing, then the new key works
    const rotated = new Stack({ ...stack.options, config: { ...stack.options.config, brandBKey: "brand-b-rotated-key" }, secrets: { ...secrets, brandBSecret: "brand-b-rotated-s3cret" } });
    await didomi.resetStats();
    const rotation = expectOk(await rotated.up());
    expect(rotation.steps.filter((s) => s.op === "update").map((s) => s.name).sort()).toEqual(
      ["brand-b", "brand-b", "brand-b", "brand-b-analytics", "brand-b-audience"],
    );
    expect(rotation.steps.filter((s) => s.op === "replace" || s.op === "create")).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
    expect(readFileSync(stack.options.stateFile, "utf8")).not.toContain("brand-b-rotated-s3cret");
    expectOk(await rotated.refresh());
    expectOk(await rotated.destroy());
  });

  it("drift-detection: the CI check passes, fails on a console change, passes again after up --refresh", async () => {
    const stack = testStack(didomi, "drift-detection", {}, { cwd: join(EXAMPLES, "drift-detection") });
    const up = expectOk(await stack.up());
    expect(changes(expectOk(await stack.preview({ refresh: true })))).toEqual([]);

    await didomi.console("PATCH", `/keys/${up.outputs.deployKeyId as string}`, { enabled: false });
    const drift = expectOk(await stack.preview({ refresh: true }));
    expect(stepsOf(drift, "deploy")).toMatchObject([{ op: "refresh", diffs: ["enabled"] }, { op: "update", diffs: ["enabled"] }]);

    expectOk(await stack.up({ refresh: true }));
    expect(changes(expectOk(await stack.preview({ refresh: true })))).toEqual([]);
    expectOk(await stack.destroy());
  });
});
