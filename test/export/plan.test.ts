// The program an export writes for organizations the round-trip suite does not build: clashing natural keys,
// keys that are not identifiers, two regulation configurations the provider cannot tell apart, and the same
// organization listed in another order. Pure functions: no emulator.
import { describe, expect, it } from "vitest";
import { planProgram } from "../../cli/export/plan";
import { renderProject } from "../../cli/export/render";
import type { NoticeSnapshot, OrganizationSnapshot } from "../../cli/export/snapshot";
import type { ApiKey, Notice, NoticeConfig } from "../../provider/client";

const CREATED = "2026-01-01T00:00:00.000Z";
const settings = { organizationId: "acme", baseUrl: "https://api.didomi.io/v1", stack: "prod", packageVersion: "1.2.3", pulumiVersion: ">=3.216.0 <4" };

function notice(id: string, name: string, externalId: string | null, regulations: Partial<NoticeConfig["regulation_configurations"]> = []): NoticeSnapshot {
  const draft = {
    id: `${id}-draft`, notice_id: id, organization_id: "acme", deployed_at: null, created_at: CREATED,
    platform: "web", targets: [], consent_duration: 12, consent_duration_unit: "months",
    regulation_configurations: regulations,
  } as NoticeConfig;
  return { notice: { id, organization_id: "acme", name, external_id: externalId, created_at: CREATED } as Notice, draft, publication: "never-published" };
}

const key = (id: string, name: string) => ({ id, name, organization_id: "acme", enabled: true, created_at: CREATED }) as ApiKey;

const organization: OrganizationSnapshot = {
  organizationId: "acme",
  domains: [],
  apiKeys: [key("k2", "1password-sync"), key("k1", "ci")],
  secrets: [],
  purposes: [],
  purposeGroups: [],
  vendors: [],
  templates: [],
  notices: [
    notice("n2", "www", null),
    notice("n1", "Main site", "www", [
      { id: "r1", regulation_id: "cpra", is_default_regulation_config: true, geo_locations: ["US_CA"], disabled_at: null },
      { id: "r2", regulation_id: "cpra", is_default_regulation_config: true, geo_locations: ["US"], disabled_at: "2026-02-01T00:00:00.000Z" },
    ]),
  ],
};

describe("the exported program's names and content", () => {
  const program = renderProject(planProgram(organization), settings)["index.ts"]!;

  it("gives clashing natural keys distinct, stable names, and keys that are not identifiers valid variables", () => {
    expect([...program.matchAll(/const (\w+) = new didomi\.(\w+)\("([^"]+)"/g)].map(([, variable, kind, name]) => `${variable} ${kind} ${name}`)).toEqual([
      "_1passwordSyncKey ApiKey 1password-sync",
      "ciKey ApiKey ci",
      "wwwNotice ConsentNotice www",
      "wwwNotice2 ConsentNotice www-2",
    ]);
  });

  it("declares one regulation configuration per regulation and default flag, the enabled one, and says why", () => {
    const plan = planProgram(organization);
    expect(program).toContain('regulationConfigurations: [\n      {\n        regulationId: "cpra",\n        geoLocations: ["US_CA"],\n      },\n    ],');
    expect(plan.skipped).toEqual([
      {
        what: 'notice "Main site": regulation configuration r2 (cpra)',
        reason: "configuration r1 is declared for the same regulation and default flag, and the provider manages one per pair; this one stays as it is in Didomi",
      },
    ]);
  });

  it("writes the same files whatever order Didomi lists the objects in", () => {
    const reversed = { ...organization, apiKeys: [...organization.apiKeys].reverse(), notices: [...organization.notices].reverse() };
    expect(renderProject(planProgram(reversed), settings)).toEqual(renderProject(planProgram(organization), settings));
  });

  it("writes the stack's config file for the given stack, with no secret in it", () => {
    const files = renderProject(planProgram(organization), settings);
    expect(files["Pulumi.prod.yaml"]).toBe('config:\n  didomi:organizationId: "acme"\n  didomi:baseUrl: "https://api.didomi.io/v1"\n');
  });
});
