// /widgets/notices/configs (BEHAVIOR.md §8): GET and PATCH only. Each notice has exactly one draft (deployed_at null,
// modifiable) and immutable published configs. `v: 2` shows and accepts `regulation_configurations`, merged by id;
// without it, the top-level fields are the default GDPR regulation configuration's, for reads and writes.
import { ApiError, badRequest } from "../errors";
import type { ConfigRecord, NoticeRecord, RegulationConfigRecord } from "../store";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  findVisible,
  invalidBody,
  isJsonObject,
  listReply,
  ok,
  validated,
  withoutServerFields,
  type JsonObject,
  type PublicContext,
  type RequestContext,
  type Route,
} from "./context";

/** Fields of a config that a regulation configuration overrides (null there = inherit from the config). */
const OVERRIDABLE_FIELDS = [
  "config",
  "template_id",
  "text_id",
  "enable_ignore_consent_before",
  "negative_action_link_format",
  "disagree_button_style",
  "country",
  "notice_deny_applies_to_li",
  "preferences_deny_applies_to_li",
  "consent_duration",
  "consent_duration_unit",
  "denied_consent_duration",
  "denied_consent_duration_unit",
  "denied_consent_duration_custom",
  "cross_device_enabled",
  "cross_device_timeout",
  "gcm_enabled",
  "gcm_tcf_enabled",
  "gcm_set_default_status",
  "gcm_analytics_default_status",
  "gcm_ads_default_status",
  "gcm_functionality_default_status",
  "gcm_personalization_default_status",
  "gcm_security_default_status",
  "gcm_ad_user_data_default_status",
  "gcm_ad_personalization_default_status",
  "microsoft_enabled",
  "microsoft_set_default_status",
  "microsoft_ad_storage_default_status",
  "microsoft_enable_tcf_advertiser_consent_mode",
  "amazon_enabled",
  "amazon_set_default_status",
  "amazon_ad_storage_default_status",
  "amazon_ad_user_data_default_status",
  "wordpress_enabled",
  "gcm_firebase_enabled",
  "gcm_airbridge_enabled",
  "gcm_kochava_enabled",
  "gcm_branch_enabled",
  "gcm_appsflyer_enabled",
  "notice_disabled",
  "notice_active_elements_order",
  "dismiss_button_enabled",
  "preferences_title_enabled",
  "preferences_cross_button_enabled",
  "preferences_view_all_partners_button_enabled",
  "preferences_active_elements_order",
];

/** Set by deployments only. */
const DEPLOYMENT_FIELDS = ["deployed_at", "deployed_by", "deployed_by_type", "deployed_by_name", "deployed_metadata"];

/** Config fields a regulation configuration does not have. */
const CONFIG_ONLY_FIELDS = [
  "platform",
  "default",
  "targets",
  "custom_json",
  "full_atp",
  "text_mode",
  "ignore_consent_before",
  "negative_action",
  "negative_action_link",
  "negative_action_button",
  "gcm_data_layer_name",
  "ctv_focus_on_agree_and_close",
  "secure_cookies",
  "gpp_enabled",
  "gpp_mspa_signatory",
  "gpp_mspa_mode",
  "gpp_mspa_generate_usnat_string",
  "consent_string_partners_encoding",
  "consent_string_purposes_encoding",
  "enable_web_view",
  "sdk_version",
];

const nulls = (fields: readonly string[]) => Object.fromEntries(fields.map((field) => [field, null]));

/** A new notice's draft as Didomi's tutorial shows it (BEHAVIOR.md §7.2); every other field explicitly null. */
const DRAFT_DEFAULTS: JsonObject = {
  ...nulls([...OVERRIDABLE_FIELDS, ...CONFIG_ONLY_FIELDS, ...DEPLOYMENT_FIELDS]),
  platform: "web",
  default: false,
  targets: [],
  custom_json: {},
  config: {},
  full_atp: false,
  text_mode: "approved",
  text_id: "W37f3Bmd",
  enable_ignore_consent_before: false,
  negative_action: "button",
  disagree_button_style: "primary",
  notice_deny_applies_to_li: true,
  preferences_deny_applies_to_li: true,
  consent_duration: 12,
  consent_duration_unit: "months",
};

export const CONFIG_FIELDS = [
  "id",
  "organization_id",
  "notice_id",
  ...Object.keys(DRAFT_DEFAULTS),
  "created_at",
  "updated_at",
  "version",
];

/** Fields returned as null when unset accept null on input; `negative_action: null` means "no negative action". */
const CONFIG_NULLABLE = Object.keys(DRAFT_DEFAULTS).filter((field) => DRAFT_DEFAULTS[field] === null || field === "text_id");

/** GDPR's default countries (Didomi regulations documentation, BEHAVIOR.md §8.3). */
const GDPR_GEO_LOCATIONS = (
  "AD AT BE BG CY CZ DE DK EE ES FI FR GB GF GG GI GP GR HR HU IE IS IT JE LI LT LU LV MC MF MQ MT NL NO PL PT RE RO " +
  "SE SI SK SM VA YT"
).split(" ");

/**
 * Config fields that openapi.yml lists in the response schema only, but that are writable in practice
 * (BEHAVIOR.md §8.4): accepted on PATCH, checked here since the request contract does not know them.
 */
const RESPONSE_ONLY_WRITABLE: Record<string, { check: (value: unknown) => boolean; expected: string }> = {
  negative_action_link: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
  negative_action_button: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
  negative_action_link_format: { check: (v) => v === "text" || v === "cross", expected: "must be one of: text, cross" },
  cross_device_enabled: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
  cross_device_timeout: { check: (v) => typeof v === "number", expected: "must be a number" },
  gpp_enabled: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
  gpp_mspa_signatory: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
  gpp_mspa_mode: {
    check: (v) => v === "service_provider" || v === "opt_out",
    expected: "must be one of: service_provider, opt_out",
  },
  gpp_mspa_generate_usnat_string: { check: (v) => typeof v === "boolean", expected: "must be a boolean" },
};

/** Enums that openapi.yml states only in prose (BEHAVIOR.md §8.2, §8.4). */
const PROSE_ENUMS: Record<string, string[]> = {
  platform: ["web", "amp", "app", "ctv"],
  text_mode: ["approved", "custom"],
  consent_string_partners_encoding: ["bit_field_2_bits", "ranges_u16", "ranges_fibonacci"],
  consent_string_purposes_encoding: ["bit_field_2_bits", "ranges_u16", "ranges_fibonacci"],
};

const DURATION_FIELDS = ["consent_duration", "denied_consent_duration", "cross_device_timeout"];

const CONFIG_SERVER_OWNED = {
  immutable: ["id", "organization_id", "notice_id", ...DEPLOYMENT_FIELDS],
  ignored: SERVER_MAINTAINED,
};
const REGULATION_SERVER_OWNED = {
  immutable: ["id", "organization_id", "notice_config_id", "regulation_id"],
  ignored: SERVER_MAINTAINED,
};
/** A new item may repeat the ids the server fills in, when they are the right ones. */
const NEW_REGULATION_SERVER_OWNED = { immutable: ["organization_id", "notice_config_id"], ignored: SERVER_MAINTAINED };
const REGULATION_ID = /^[a-z][a-z0-9_]*$/;
/** `*`, an ISO 3166 alpha-2 country (`FR`) or a country region (`US_CA`). */
const GEO_LOCATION = /^(\*|[A-Z]{2}(_[A-Z0-9]{1,3})?)$/;

function newRegulationConfig(
  ctx: PublicContext,
  config: ConfigRecord,
  fields: Partial<RegulationConfigRecord> & { regulation_id: string },
): RegulationConfigRecord {
  const identity = {
    id: newRegulationConfigId(ctx),
    regulation_id: fields.regulation_id,
    organization_id: config.organization_id,
    notice_config_id: config.id,
  };
  return {
    ...identity,
    is_default_regulation_config: false,
    geo_locations: [],
    regulation_settings: {},
    disabled_at: null,
    ...nulls(OVERRIDABLE_FIELDS),
    ...fields,
    ...identity,
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  } as RegulationConfigRecord;
}

/** Regulation configuration ids are unique across all configs (they are ids of their own in Didomi). */
function newRegulationConfigId(ctx: PublicContext): string {
  const used = new Map<string, true>();
  for (const config of ctx.store.state.configs.values()) {
    for (const regulation of config.regulation_configurations) used.set(regulation.id, true);
  }
  return ctx.store.newId(used);
}

/** The draft created with a notice; `multiRegulation` (header `v: 2`) adds the default GDPR regulation config. */
export function createDraftConfig(ctx: PublicContext, notice: NoticeRecord, multiRegulation: boolean): ConfigRecord {
  const { configs } = ctx.store.state;
  const id = ctx.store.newId(configs);
  const draft = {
    id,
    organization_id: notice.organization_id,
    notice_id: notice.id,
    ...structuredClone(DRAFT_DEFAULTS),
    regulation_configurations: [],
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  } as unknown as ConfigRecord;
  if (multiRegulation) {
    draft.regulation_configurations.push(
      newRegulationConfig(ctx, draft, {
        regulation_id: "gdpr",
        is_default_regulation_config: true,
        geo_locations: [...GDPR_GEO_LOCATIONS],
      }),
    );
  }
  configs.set(id, draft);
  return draft;
}

/** A new draft copied from `source` (after a deployment, or for `duplicate=`): new ids, not deployed, version 0. */
export function copyAsDraft(ctx: PublicContext, source: ConfigRecord, notice: NoticeRecord): ConfigRecord {
  const { configs } = ctx.store.state;
  const id = ctx.store.newId(configs);
  const draft: ConfigRecord = {
    ...structuredClone(source),
    ...nulls(DEPLOYMENT_FIELDS),
    id,
    organization_id: notice.organization_id,
    notice_id: notice.id,
    regulation_configurations: [],
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  };
  configs.set(id, draft);
  for (const regulation of source.regulation_configurations) {
    const { id: _id, created_at: _c, updated_at: _u, version: _v, ...fields } = structuredClone(regulation);
    draft.regulation_configurations.push(newRegulationConfig(ctx, draft, fields));
  }
  return draft;
}

/** The current draft of a notice (there is exactly one while the notice exists). */
export function draftOf(ctx: PublicContext, noticeId: string): ConfigRecord | undefined {
  for (const config of ctx.store.state.configs.values()) {
    if (config.notice_id === noticeId && config.deployed_at === null) return config;
  }
  return undefined;
}

/** The enabled default GDPR regulation configuration: the one a v1 request sees as the config's top-level fields. */
function defaultGdprOf(config: ConfigRecord): RegulationConfigRecord | undefined {
  return config.regulation_configurations.find(
    (regulation) =>
      regulation.regulation_id === "gdpr" && regulation.is_default_regulation_config && regulation.disabled_at === null,
  );
}

/** The fields the default GDPR regulation configuration overrides (non-null there), with its values. */
function gdprOverrides(config: ConfigRecord): JsonObject {
  const gdpr = defaultGdprOf(config);
  if (!gdpr) return {};
  return Object.fromEntries(
    OVERRIDABLE_FIELDS.filter((field) => gdpr[field] !== null && gdpr[field] !== undefined).map((field) => [field, gdpr[field]]),
  );
}

/**
 * v2 shows the config as stored. v1 (no `v: 2`) is the GDPR-only legacy view (BEHAVIOR.md §8.1): no
 * `regulation_configurations`, and each field the default GDPR regulation configuration overrides shows its value there.
 */
export function configView(ctx: PublicContext): (config: ConfigRecord) => JsonObject {
  return (config) => {
    if (ctx.apiVersion === 2) return config;
    const { regulation_configurations: _hidden, ...v1 } = config;
    return { ...v1, ...gdprOverrides(config) };
  };
}

/**
 * A v1 PATCH writes each field where a v1 read takes it from: into the default GDPR regulation configuration when that
 * overrides the field, else into the config itself. So the next v1 read shows what was sent (except a null sent for an
 * overridden field: that removes GDPR's override, and the field shows the config's own value again).
 */
function withV1Changes(ctx: PublicContext, config: ConfigRecord, input: JsonObject): ConfigRecord {
  const overridden = gdprOverrides(config);
  const own: JsonObject = {};
  const gdprChanges: JsonObject = {};
  for (const [field, value] of Object.entries(input)) {
    if (field in overridden) gdprChanges[field] = value;
    else own[field] = value;
  }
  const gdpr = defaultGdprOf(config);
  if (!gdpr || Object.keys(gdprChanges).length === 0) return { ...config, ...own };
  return {
    ...config,
    ...own,
    regulation_configurations: config.regulation_configurations.map((regulation) =>
      regulation === gdpr ? { ...regulation, ...gdprChanges, updated_at: ctx.at, version: regulation.version + 1 } : regulation,
    ),
  };
}

function assertNoDownload(ctx: RequestContext): void {
  if (ctx.query.has("download")) {
    throw badRequest("The download parameter (CSV export) is not supported by the emulator", { download: "unsupported" });
  }
}

function list(ctx: RequestContext) {
  assertNoDownload(ctx);
  // Filters and sorting apply to what the caller sees (v1: the GDPR values).
  const views = [...ctx.store.state.configs.values()].map(configView(ctx)) as Array<JsonObject & { organization_id: string }>;
  return listReply(ctx, views, { fields: CONFIG_FIELDS });
}

function get(ctx: RequestContext) {
  assertNoDownload(ctx);
  return ok(configView(ctx)(findVisible(ctx, ctx.store.state.configs, ctx.params.id, CONFIG_FIELDS)));
}

function patch(ctx: RequestContext) {
  const config = findVisible(ctx, ctx.store.state.configs, ctx.params.id, CONFIG_FIELDS);
  if (config.deployed_at !== null) {
    throw new ApiError(
      ctx.settings.publishedPatchStatus,
      `Configuration ${config.id} has already been deployed and cannot be modified: PATCH the notice's current draft ` +
        `(GET /widgets/notices/configs?notice_id=${config.notice_id}&deployed_at=null)`,
    );
  }
  const body = withoutServerFields(ctx, ctx.body, config, CONFIG_SERVER_OWNED);
  const regulationItems = body.regulation_configurations;
  delete body.regulation_configurations;
  // Without `v: 2`, regulation_configurations is not part of the resource: an unknown field like any other.
  if (regulationItems !== undefined && ctx.apiVersion !== 2 && ctx.settings.strictBodies) {
    throw invalidBody({ regulation_configurations: "is not allowed without the header v: 2" });
  }
  const extras = takeResponseOnlyWritable(body);
  const input = { ...validated(ctx, "notices-config-input", body, { partial: true, nullable: CONFIG_NULLABLE }), ...extras };
  const candidate = ctx.apiVersion === 2 ? { ...config, ...input } : withV1Changes(ctx, config, input);
  if (regulationItems !== undefined && ctx.apiVersion === 2) {
    candidate.regulation_configurations = mergeRegulationConfigs(ctx, config, regulationItems);
  }
  checkConfigRules(configView(ctx)(candidate));
  applyUpdate(ctx, config, candidate);
  return ok(configView(ctx)(config));
}

/** Removes and checks the writable fields the request contract lacks (see RESPONSE_ONLY_WRITABLE). */
function takeResponseOnlyWritable(body: JsonObject): JsonObject {
  const taken: JsonObject = {};
  const errors: Record<string, string> = {};
  for (const [field, { check, expected }] of Object.entries(RESPONSE_ONLY_WRITABLE)) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value === null || check(value)) taken[field] = value;
    else errors[field] = expected;
  }
  if (Object.keys(errors).length > 0) throw invalidBody(errors, body);
  for (const field of Object.keys(taken)) delete body[field];
  return taken;
}

/**
 * `regulation_configurations` in a PATCH (BEHAVIOR.md §8.3): an item with `id` updates that regulation configuration
 * (shallow merge), an item without `id` creates one; omitted ones stay unchanged (remove one by setting disabled_at).
 * Errors name the request item (`regulation_configurations[<index in the body>]`).
 */
function mergeRegulationConfigs(ctx: RequestContext, config: ConfigRecord, items: unknown): RegulationConfigRecord[] {
  if (!Array.isArray(items)) {
    throw invalidBody({ regulation_configurations: "must be an array" }, { regulation_configurations: items });
  }
  const merged = config.regulation_configurations.map((regulation) => ({ ...regulation }));
  /** Regulation configuration id → index of the body item that created or changed it. */
  const itemIndexOf = new Map<string, number>();
  const errors: Record<string, string> = {};
  items.forEach((item, index) => {
    const at = `regulation_configurations[${index}]`;
    try {
      const regulation = mergeRegulationItem(ctx, config, merged, item);
      itemIndexOf.set(regulation.id, index);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 400) throw error;
      for (const [path, problem] of Object.entries(error.errors)) {
        errors[path === "" ? at : `${at}.${path}`] = String(problem);
      }
    }
  });
  // At most one enabled default per regulation; blame the body item that made the second one.
  const defaults = new Map<string, RegulationConfigRecord>();
  for (const regulation of merged) {
    if (!regulation.is_default_regulation_config || regulation.disabled_at !== null) continue;
    const previous = defaults.get(regulation.regulation_id);
    defaults.set(regulation.regulation_id, regulation);
    if (!previous) continue;
    const blamed = itemIndexOf.has(regulation.id) ? regulation : previous;
    const other = blamed === regulation ? previous : regulation;
    errors[`regulation_configurations[${itemIndexOf.get(blamed.id)}].is_default_regulation_config`] =
      `conflicts with ${other.id}, already the enabled default for ${regulation.regulation_id}`;
  }
  if (Object.keys(errors).length > 0) throw invalidBody(errors, { regulation_configurations: items });
  return merged;
}

/** Applies one body item to `merged` (in place) and returns the regulation configuration it created or changed. */
function mergeRegulationItem(
  ctx: RequestContext,
  config: ConfigRecord,
  merged: RegulationConfigRecord[],
  item: unknown,
): RegulationConfigRecord {
  if (!isJsonObject(item)) throw invalidBody({ "": "must be an object" });
  const position = item.id === undefined ? -1 : merged.findIndex((regulation) => regulation.id === item.id);
  if (item.id !== undefined && position < 0) {
    throw invalidBody({ id: `does not exist in configuration ${config.id} (omit id to create a regulation configuration)` });
  }
  const existing = position >= 0 ? merged[position] : undefined;
  const ownIds = { organization_id: config.organization_id, notice_config_id: config.id };
  const body = existing
    ? withoutServerFields(ctx, item, existing, REGULATION_SERVER_OWNED)
    : withoutServerFields(ctx, item, ownIds, NEW_REGULATION_SERVER_OWNED);
  const value = validated(ctx, "notices-regulation-config-input", body, { partial: true });
  let regulation: RegulationConfigRecord;
  if (existing) {
    regulation = { ...existing, ...value, updated_at: ctx.at, version: existing.version + 1 };
  } else {
    if (typeof value.regulation_id !== "string" || !REGULATION_ID.test(value.regulation_id)) {
      const problem = 'is required for a new regulation configuration: a lowercase id such as "gdpr" or "cpra"';
      throw invalidBody({ regulation_id: problem }, value);
    }
    regulation = newRegulationConfig(ctx, config, value as JsonObject & { regulation_id: string });
  }
  const errors = durationErrors(regulation);
  (regulation.geo_locations ?? []).forEach((geo, geoIndex) => {
    if (!GEO_LOCATION.test(geo)) {
      errors[`geo_locations[${geoIndex}]`] = 'must be "*", a country code such as FR or a region such as US_CA';
    }
  });
  if (Object.keys(errors).length > 0) throw invalidBody(errors, item);
  if (existing) merged[position] = regulation;
  else merged.push(regulation);
  return regulation;
}

function durationErrors(fields: JsonObject): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of DURATION_FIELDS) {
    const value = fields[field];
    if (typeof value === "number" && value < 0) errors[field] = "must be >= 0";
  }
  return errors;
}

/**
 * Business rules openapi.yml does not express (BEHAVIOR.md §8.1-§8.2), checked on the config as it would be stored, in
 * the caller's view (v1: with the GDPR values it would write there).
 */
function checkConfigRules(config: JsonObject): void {
  const errors = durationErrors(config);
  if (config.default === true && Array.isArray(config.targets) && config.targets.length > 0) {
    errors.targets = "must be empty when default is true";
  }
  for (const [field, allowed] of Object.entries(PROSE_ENUMS)) {
    if (config[field] !== null && !allowed.includes(config[field] as string)) {
      errors[field] = `must be one of: ${allowed.join(", ")}`;
    }
  }
  if (config.text_mode === "approved" && config.text_id === null) {
    errors.text_id = 'is required when text_mode is "approved" (or set text_mode to "custom")';
  }
  if (Object.keys(errors).length > 0) throw invalidBody(errors, config);
}

export const configRoutes: Route[] = [
  { method: "GET", path: "/v1/widgets/notices/configs", handler: list },
  { method: "GET", path: "/v1/widgets/notices/configs/:id", handler: get },
  { method: "PATCH", path: "/v1/widgets/notices/configs/:id", handler: patch },
];
