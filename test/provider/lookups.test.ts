// Lookups of objects the program does not manage, through the real Pulumi runtime: typed results from the
// stack's connection, global purposes and vendors by name, and a message that says why when none or several match.
import { describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, expectOk, ORGANIZATION, testStack, TestDidomi } from "./support";

const didomi = TestDidomi.forThisFile();

describe("lookups", () => {
  it("find a notice made by another team, a global purpose and vendor by name, a domain and the categories, writing nothing", async () => {
    const notice = await didomi.console<{ id: string }>("POST", "/widgets/notices", { name: "blog.example.com", external_id: "blog", organization_id: "demo" });
    await didomi.console("POST", "/domains", { id: "privacy.example.com", usage: "cmp", organization_id: "demo" });
    const stack = testStack(didomi, "lookups", {
      notice: JSON.stringify({ externalId: "blog" }),
      purposeName: "Cookies",
      vendorName: "Google Advertising Products",
      domain: "privacy.example.com",
    });
    await didomi.resetStats();
    const up = expectOk(await stack.up());
    expect(up.outputs.foundNotice).toMatchObject({ id: notice.id, name: "blog.example.com", externalId: "blog", organizationId: "demo" });
    expect(up.outputs.foundPurpose).toEqual({ id: "cookies", sdkId: "cookies", name: { en: "Cookies" }, global: true });
    expect(up.outputs.foundVendor).toMatchObject({ id: "google", sdkId: "google", global: true, categoryId: "advertising" });
    expect(up.outputs.foundDomain).toMatchObject({ domain: "privacy.example.com", usage: "cmp", organizationId: "demo" });
    expect(up.outputs.categories).toEqual(expect.arrayContaining(["analytics", "advertising", "marketing"]));
    expect(await didomi.writes()).toEqual([]);
  });

  it("say which when nothing or several match, or when the criterion is not one", async () => {
    // the functions the SDK loads by package name, configured as a stack would configure them
    const { configure, lookups } = require("pulumi-didomi/provider") as typeof import("../../provider");
    const stackConfig: Record<string, string> = {
      "didomi:baseUrl": didomi.url,
      "didomi:apiKey": API_KEY,
      "didomi:apiSecret": API_SECRET,
      "didomi:organizationId": ORGANIZATION,
    };
    configure((key) => stackConfig[key]);
    for (let i = 0; i < 2; i++) await didomi.console("POST", "/widgets/notices", { name: "twin.example.com", organization_id: "demo" });
    await didomi.resetStats();
    await expect(lookups.getNotice({ name: "twin.example.com" })).rejects.toThrow(
      /^getNotice: 2 notices have the name "twin\.example\.com" in organization demo \(ids \w+, \w+\); look it up by id or externalId$/,
    );
    await expect(lookups.getPurpose({ name: "Nothing like it" })).rejects.toThrow('getPurpose: no purpose has the name "Nothing like it" in organization demo');
    await expect(lookups.getVendor({ id: "no-such-vendor" })).rejects.toThrow('getVendor: no vendor has the id "no-such-vendor" in organization demo');
    await expect(lookups.getNotice({ name: "a", externalId: "b" } as never)).rejects.toThrow("getNotice: give exactly one of id, externalId, name (got externalId and name)");
    expect(await didomi.writes()).toEqual([]);
  });
});
