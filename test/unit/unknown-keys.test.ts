// Unknown input keys are errors at every level, with the nearest declared field suggested: zod's objects drop
// them silently, so a JavaScript or YAML user's typo was never applied and never reported.
import { describe, expect, it } from "vitest";
import { providers } from "../../provider";

/** The check of one kind, called as the plugin calls it: with whatever inputs the program sent. */
const failuresOf = async (kind: keyof typeof providers, news: Record<string, unknown>) =>
  ((await (providers[kind].check as (olds: object, news: object) => Promise<{ failures?: { property: string; reason: string }[] }>)({}, news)).failures ?? []).filter((f) => f.property !== "" && f.property !== "organizationId");

describe("unknown input keys", () => {
  it("a mistyped top-level field names the resource and the field it most likely meant", async () => {
    expect(await failuresOf("NoticeConfig", { noticeId: "n1", consentDurration: 12 })).toEqual([
      { property: "consentDurration", reason: "consentDurration: `consentDurration` is not a field of NoticeConfig; did you mean `consentDuration`?" },
    ]);
  });

  it("inside a regulation configuration too", async () => {
    const news = { noticeId: "n1", regulationConfigurations: [{ regulationId: "gdpr", geoLocation: ["FR"] }] };
    expect(await failuresOf("NoticeConfig", news)).toEqual([
      {
        property: "regulationConfigurations[0].geoLocation",
        reason:
          "regulationConfigurations[0].geoLocation: `geoLocation` is not a field of NoticeConfig.regulationConfigurations[0]; did you mean `geoLocations`?",
      },
    ]);
  });

  it("a key close to no field lists the fields instead of guessing", async () => {
    const [failure] = await failuresOf("Domain", { domain: "privacy.example.com", usage: "cmp", colour: "blue" });
    expect(failure!.reason).toMatch(/^colour: `colour` is not a field of Domain; remove it \(the fields are domain, usage, description, /);
  });

  it("leaves the opaque pass-through objects and the engine's own keys alone", async () => {
    const news = {
      noticeId: "n1",
      __provider: "exports.handler = …",
      config: { app: { anything: { goes: true } } },
      customJson: { whatever: 1 },
      regulationConfigurations: [{ regulationId: "gdpr", config: { free: "form" }, regulationSettings: { any: "key" } }],
    };
    expect(await failuresOf("NoticeConfig", news)).toEqual([]);
  });

  it.each(["Domain", "ApiKey", "Secret", "Notice", "NoticeConfig", "Deployment"] as const)("%s refuses an unknown key", async (kind) => {
    const failures = await failuresOf(kind, { notAField: true });
    expect(failures.find((f) => f.property === "notAField")?.reason).toContain(`\`notAField\` is not a field of ${kind}`);
  });
});
