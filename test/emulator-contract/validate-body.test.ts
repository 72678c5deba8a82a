// validateBody against the generated contract: what the emulator will answer to each request body.
import { describe, expect, it } from "vitest";
import { validateBody } from "../../emulator/contract";

const lenient = { strict: false };
const strict = { strict: true };
const patch = { strict: false, partial: true };

describe("validateBody: any schema", () => {
  it.each([null, [], "text", 42, true])("rejects the non-object body %j", (body) => {
    expect(validateBody("secrets-input", body, lenient)).toEqual({
      value: {},
      errors: { "": "body must be a JSON object" },
    });
  });

  it("drops unknown fields without complaint unless strict", () => {
    const body = { name: "n", organization_id: "acme", secret: "client-chosen", id: "x" };
    expect(validateBody("secrets-input", body, lenient)).toEqual({
      value: { name: "n", organization_id: "acme" },
      errors: {},
    });
    expect(validateBody("secrets-input", body, strict).errors).toEqual({
      secret: "is not allowed",
      id: "is not allowed",
    });
  });

  it("never lets a __proto__ field through or change the result's prototype", () => {
    const body = JSON.parse('{"name":"n","organization_id":"acme","__proto__":{"polluted":true}}');
    const { value, errors } = validateBody("secrets-input", body, lenient);
    expect(errors).toEqual({});
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["name", "organization_id"]);
  });
});

describe("validateBody: sessions-input", () => {
  it("accepts an API-key login", () => {
    const body = { type: "api-key", key: "key-1", secret: "s3cret" };
    expect(validateBody("sessions-input", body, strict)).toEqual({ value: body, errors: {} });
  });

  it("requires type, key and secret", () => {
    expect(validateBody("sessions-input", {}, lenient).errors).toEqual({
      type: "is required",
      key: "is required",
      secret: "is required",
    });
  });

  it("names a wrongly typed secret without echoing its value", () => {
    const { errors } = validateBody("sessions-input", { type: "api-key", key: "k", secret: 987654321 }, lenient);
    expect(errors).toEqual({ secret: "must be a string" });
    expect(JSON.stringify(errors)).not.toContain("987654321");
  });
});

describe("validateBody: keys", () => {
  it("accepts a create body, and an empty one (openapi.yml lists no required key fields)", () => {
    const body = { organization_id: "acme", name: "ci", description: "CI pipeline", is_internal: false };
    expect(validateBody("keys-input-create", body, strict)).toEqual({ value: body, errors: {} });
    expect(validateBody("keys-input-create", {}, strict).errors).toEqual({});
  });

  it("checks types on update and keeps create-only fields out", () => {
    expect(validateBody("keys-input-update", { enabled: "no", name: 7 }, patch).errors).toEqual({
      enabled: "must be a boolean",
      name: "must be a string",
    });
    expect(validateBody("keys-input-update", { enabled: false, organization_id: "other" }, patch)).toEqual({
      value: { enabled: false },
      errors: {},
    });
    expect(validateBody("keys-input-update", { organization_id: "other" }, { strict: true, partial: true }).errors)
      .toEqual({ organization_id: "is not allowed" });
  });
});

describe("validateBody: secrets-input", () => {
  it("requires name and organization_id unless partial", () => {
    expect(validateBody("secrets-input", { description: "d" }, lenient).errors).toEqual({
      name: "is required",
      organization_id: "is required",
    });
    expect(validateBody("secrets-input", { description: "d" }, patch)).toEqual({
      value: { description: "d" },
      errors: {},
    });
  });
});

describe("validateBody: domains", () => {
  const create = { id: "privacy.example.com", organization_id: "acme", usage: "cmp", status: "scheduled" };

  it("accepts a create body, with entity_id null (BEHAVIOR.md §6.1)", () => {
    const body = { ...create, bots_crawl: "allow_all", enabled: true, entity_id: null, description: "d" };
    expect(validateBody("domains-input-create", body, strict)).toEqual({ value: body, errors: {} });
  });

  it("requires id, usage and organization_id", () => {
    expect(validateBody("domains-input-create", { status: "scheduled" }, lenient).errors).toEqual({
      id: "is required",
      usage: "is required",
      organization_id: "is required",
    });
  });

  it("lists the allowed bots_crawl values, and rejects null where the schema does not allow it", () => {
    expect(validateBody("domains-input-create", { ...create, bots_crawl: "some" }, lenient).errors).toEqual({
      bots_crawl: "must be one of: allow_all, disallow_all",
    });
    expect(validateBody("domains-input-create", { ...create, bots_crawl: null, enabled: null }, lenient).errors)
      .toEqual({ bots_crawl: "must be one of: allow_all, disallow_all", enabled: "must be a boolean" });
  });

  it("accepts the unassign-then-delete PATCH and refuses create-only fields in strict mode", () => {
    const body = { entity_id: null, status: "to_be_deleted" };
    expect(validateBody("domains-input-update", body, patch)).toEqual({ value: body, errors: {} });
    expect(validateBody("domains-input-update", { usage: "cmp" }, { strict: true, partial: true }).errors).toEqual({
      usage: "is not allowed",
    });
  });
});

describe("validateBody: notices-input", () => {
  it("accepts a create body with an RFC 3339 archived_at", () => {
    for (const archivedAt of ["2021-03-27T08:38:10.831Z", "2021-03-27T10:38:10+02:00"]) {
      const body = { organization_id: "acme", name: "Main", archived_at: archivedAt, external_id: "web-main" };
      expect(validateBody("notices-input", body, strict)).toEqual({ value: body, errors: {} });
    }
  });

  it.each(["2021-03-27", "yesterday", "2021-13-01T00:00:00Z", 1616834290831])(
    "rejects archived_at %j",
    (archivedAt) => {
      expect(validateBody("notices-input", { archived_at: archivedAt }, patch).errors).toEqual({
        archived_at: "must be a date-time string",
      });
    },
  );

  it("un-archives with archived_at null and requires organization_id and name on create", () => {
    expect(validateBody("notices-input", { archived_at: null }, patch).errors).toEqual({});
    expect(validateBody("notices-input", { archived_at: null }, lenient).errors).toEqual({
      organization_id: "is required",
      name: "is required",
    });
  });
});

describe("validateBody: notices-config-input", () => {
  const regulationConfig = {
    regulation_id: "gdpr",
    organization_id: "acme",
    notice_config_id: "2fcjz7Cw",
    is_default_regulation_config: true,
    geo_locations: ["FR", "US_CA", "*"],
    config: { notice: { position: "popup" } },
    disabled_at: null,
    consent_duration_unit: null,
  };
  const draft = {
    organization_id: "acme",
    notice_id: "GG2rdGfN",
    platform: "web",
    default: false,
    targets: ["www.example.com", "*.example.org"],
    config: { app: { vendors: { include: ["google"] } } },
    custom_json: {},
    negative_action: "link",
    consent_duration: 12.5,
    consent_duration_unit: "months",
    regulation_configurations: [regulationConfig],
  };

  it("accepts a full draft with regulation configurations and opaque objects", () => {
    expect(validateBody("notices-config-input", draft, strict)).toEqual({ value: draft, errors: {} });
  });

  it("accepts the nulls a draft reads back (negative_action, country, ignore_consent_before)", () => {
    const body = { ...draft, negative_action: null, country: null, ignore_consent_before: null };
    expect(validateBody("notices-config-input", body, strict).errors).toEqual({});
  });

  it("reports wrong types, enums and nested item errors by path", () => {
    const body = {
      ...draft,
      negative_action: "hide",
      disagree_button_style: null,
      consent_duration: "12",
      targets: "www.example.com",
      config: ["not", "an", "object"],
      regulation_configurations: [
        regulationConfig,
        { ...regulationConfig, regulation_id: null, geo_locations: ["FR", 33], consent_duration_unit: "weeks" },
      ],
    };
    expect(validateBody("notices-config-input", body, lenient).errors).toEqual({
      negative_action: "must be one of: button, link, null",
      disagree_button_style: "must be one of: primary, secondary",
      consent_duration: "must be a number",
      targets: "must be an array",
      config: "must be an object",
      "regulation_configurations[1].regulation_id": "must be a string",
      "regulation_configurations[1].geo_locations[1]": "must be a string",
      "regulation_configurations[1].consent_duration_unit": "must be one of: months, days, seconds, null",
    });
  });

  it("removes unknown fields inside regulation configurations, or names them in strict mode", () => {
    const body = {
      ...draft,
      deployed_at: null,
      regulation_configurations: [{ ...regulationConfig, created_by: "console" }],
    };
    expect(validateBody("notices-config-input", body, lenient)).toEqual({ value: draft, errors: {} });
    expect(validateBody("notices-config-input", body, strict).errors).toEqual({
      deployed_at: "is not allowed",
      "regulation_configurations[0].created_by": "is not allowed",
    });
  });

  it("requires nested fields in full mode but not in a PATCH, where the server fills them in", () => {
    const body = { regulation_configurations: [{ regulation_id: "cpra", geo_locations: ["US_CA"] }] };
    expect(validateBody("notices-config-input", body, lenient).errors).toEqual({
      organization_id: "is required",
      notice_id: "is required",
      "regulation_configurations[0].organization_id": "is required",
      "regulation_configurations[0].notice_config_id": "is required",
    });
    expect(validateBody("notices-config-input", body, patch)).toEqual({ value: body, errors: {} });
  });
});

describe("validateBody: notices-regulation-config-input", () => {
  it("accepts null overrides but not a null identity field", () => {
    const body = { regulation_id: "gdpr", organization_id: "acme", notice_config_id: "c1", text_id: null };
    expect(validateBody("notices-regulation-config-input", body, strict).errors).toEqual({});
    expect(validateBody("notices-regulation-config-input", { ...body, regulation_id: null }, strict).errors).toEqual({
      regulation_id: "must be a string",
    });
  });

  it("checks disabled_at as a date-time", () => {
    expect(validateBody("notices-regulation-config-input", { disabled_at: "now" }, patch).errors).toEqual({
      disabled_at: "must be a date-time string",
    });
  });
});

describe("validateBody: notices-deployments-input", () => {
  it("accepts a deployment with or without a message", () => {
    const body = { notice_id: "GG2rdGfN", organization_id: "acme", production_config_id: "2fcjz7Cw" };
    expect(validateBody("notices-deployments-input", body, strict)).toEqual({ value: body, errors: {} });
    expect(validateBody("notices-deployments-input", { ...body, message: "v2 texts" }, strict).errors).toEqual({});
  });

  it("requires the draft to publish and a string message", () => {
    expect(
      validateBody("notices-deployments-input", { notice_id: "n", organization_id: "acme", message: 2 }, lenient).errors,
    ).toEqual({ production_config_id: "is required", message: "must be a string" });
  });
});
