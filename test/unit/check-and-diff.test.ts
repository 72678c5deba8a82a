// The shared validation and diff rules every resource relies on, at unit level.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectionFields, naturalKey } from "../../fields/common";
import { objectOf } from "../../fields/define";
import { UNKNOWN, validate } from "../../provider/check";
import { diffFields } from "../../provider/diff";
import { fieldsBody, liveInputs } from "../../provider/fields";

describe("validate", () => {
  const schema = z.object({
    usage: z.enum(["cmp", "privacy-center"]),
    duration: z.number().min(0),
    enabled: z.boolean().optional(),
    name: z.string().min(1),
    targets: z.array(z.string()).optional(),
  });

  it("returns one failure per field, naming the field, the value and what is allowed", () => {
    const failures = validate(schema, { usage: "cdn", duration: -1, enabled: "yes", name: "" });
    expect(failures).toEqual([
      { property: "usage", reason: 'usage: "cdn" is not allowed; use one of "cmp", "privacy-center"' },
      { property: "duration", reason: "duration: -1 is too small; use a value >= 0" },
      { property: "enabled", reason: 'enabled: "yes" is a string; expected a boolean' },
      { property: "name", reason: 'name: "" is too short; use at least 1 character(s)' },
    ]);
  });

  it("reports a missing required field as required", () => {
    expect(validate(schema, { usage: "cmp", duration: 1 })).toEqual([
      { property: "name", reason: "name: is required (expected string)" },
    ]);
  });

  it("names nested positions the way a program spells them", () => {
    expect(validate(schema, { usage: "cmp", duration: 1, name: "x", targets: ["a", 2] })).toEqual([
      { property: "targets[1]", reason: "targets[1]: 2 is a number; expected a string" },
    ]);
  });

  it("says what NaN and Infinity are, instead of printing them as JSON's null", () => {
    expect(validate(schema, { usage: "cmp", duration: Number.NaN, name: "x" })).toEqual([
      { property: "duration", reason: "duration: NaN is not a finite number; expected a number" },
    ]);
    expect(validate(schema, { usage: "cmp", duration: Number.POSITIVE_INFINITY, name: "x" })).toEqual([
      { property: "duration", reason: "duration: Infinity is not a finite number; expected a number" },
    ]);
  });

  it("states an exclusive bound as exclusive", () => {
    const timeouts = z.object({ timeoutSeconds: z.number().int().positive() });
    expect(validate(timeouts, { timeoutSeconds: 0 })).toEqual([
      { property: "timeoutSeconds", reason: "timeoutSeconds: 0 is too small; use a value > 0" },
    ]);
  });

  it("refuses a base URL that is not http(s), and a URL without a scheme", () => {
    const connection = objectOf(connectionFields);
    for (const baseUrl of ["file:///etc/passwd", "127.0.0.1:8787/v1"]) {
      expect(validate(connection, { baseUrl })).toEqual([
        {
          property: "baseUrl",
          reason: `baseUrl: ${JSON.stringify(baseUrl)} is not an http(s) URL; use one such as "https://api.didomi.io/v1" or "http://127.0.0.1:8787/v1"`,
        },
      ]);
    }
    expect(validate(connection, { baseUrl: "http://127.0.0.1:8787/v1" })).toEqual([]);
  });

  it("caps natural keys, which travel in URL queries, and names the length instead of quoting it all", () => {
    const [failure] = validate(z.object({ name: naturalKey() }), { name: "n".repeat(100_000) });
    expect(failure!.reason).toMatch(/^name: "n{70,}\.\.\. \(100000 characters\) is too long; use at most 255 characters$/);
  });

  it("skips values that are unknown during preview, whatever their declared type", () => {
    expect(validate(schema, { usage: UNKNOWN, duration: UNKNOWN, name: UNKNOWN, targets: ["a", UNKNOWN] })).toEqual([]);
  });
});

describe("diffFields", () => {
  const rules = {
    fields: ["name", "description", "targets", "config", "organizationId"],
    replaceOnChange: ["organizationId"],
    unorderedArrays: ["targets"],
  };

  it("ignores fields outside the managed set, such as server defaults and computed outputs", () => {
    const diff = diffFields({ name: "a", status: "ready" }, { name: "a" }, rules);
    expect(diff.changed).toEqual([]);
  });

  it("records provider-only inputs as changes that send nothing to Didomi", () => {
    const diff = diffFields({ name: "a", onDelete: "archive" }, { name: "a", onDelete: "delete" }, { ...rules, providerOnly: ["onDelete"] });
    expect(diff).toMatchObject({ changed: ["onDelete"], remote: [], replaces: [] });
  });

  it("treats null and absent as equal", () => {
    expect(diffFields({ name: "a", description: null }, { name: "a" }, rules).changed).toEqual([]);
  });

  it("compares set-like arrays without regard to order", () => {
    expect(diffFields({ targets: ["a.com", "b.com"] }, { targets: ["b.com", "a.com"] }, rules).changed).toEqual([]);
    expect(diffFields({ targets: ["a.com"] }, { targets: ["a.com", "b.com"] }, rules).changed).toEqual(["targets"]);
  });

  it("reports nested paths for detail and flags replacements", () => {
    const diff = diffFields(
      { config: { app: { vendors: ["x"] } }, organizationId: "staging" },
      { config: { app: { vendors: ["y"] } }, organizationId: "production" },
      rules,
    );
    expect(diff.changed).toEqual(["config", "organizationId"]);
    expect(diff.replaces).toEqual(["organizationId"]);
    expect(diff.details).toEqual(["config.app.vendors.0", "organizationId"]);
  });
});

describe("fields", () => {
  it("builds a body from set fields and clears only removed fields that are clearable", () => {
    expect(fieldsBody({ name: "a", enabled: undefined }, ["name", "description", "enabled"], { fields: [], clearable: ["description"] })).toEqual({
      name: "a",
      description: null,
    });
  });

  it("projects live state onto the fields the old state manages, keeping provider-only inputs", () => {
    const olds = { name: "old", description: "d", adopt: true, status: "ready" };
    const live = { name: "renamed", description: "d", enabled: false };
    expect(liveInputs(olds, live, { fields: ["name", "description", "enabled"], providerOnly: ["adopt"] })).toEqual({
      name: "renamed",
      description: "d",
      adopt: true,
    });
  });
});
