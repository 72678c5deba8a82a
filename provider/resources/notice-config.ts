/**
 * NoticeConfig: a notice's draft configuration. Pulumi id: the notice id (the draft's own id changes after
 * every publish, so it cannot be the identity).
 *
 * | operation | Didomi API calls                                                                             |
 * |-----------|----------------------------------------------------------------------------------------------|
 * | check     | none (computes `contentHash` from the inputs, so it is known at preview)                     |
 * | diff      | none                                                                                         |
 * | create    | GET /widgets/notices/configs?notice_id=… (the draft, the latest published) → PATCH …/configs/{draft} |
 * | read      | GET /widgets/notices/configs?notice_id=…                                                     |
 * | update    | same as create: re-resolve the current draft, PATCH it                                       |
 * | delete    | none: configurations cannot be deleted; the resource is only removed from the stack          |
 *
 * All calls carry the header `v: 2` (multi-regulation view). A published configuration is never PATCHed:
 * the draft is resolved right before each PATCH, and if a publish slips in between (the PATCH is refused)
 * the new draft is resolved and patched once more.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { NoticeConfigArgs } from "../../sdk/notice-config";
import { checkInputs, connectionInputs, isUnknown, UNKNOWN } from "../check";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  fromApiCase,
  noticeConfigSchema,
  toApiCase,
  type NoticeConfig as ApiNoticeConfig,
  type RegulationConfiguration as ApiRegulationConfiguration,
} from "../client";
import { connect, type Connection } from "../config";
import { canonical, diffFields, planChanges, type DiffRules } from "../diff";
import { fieldsBody, managedFields, unchangedRemotely } from "../fields";
import { compact } from "../lifecycle";

type NoticeConfigInputs = pulumi.Unwrap<NoticeConfigArgs> & { contentHash?: string };
type RegulationInputs = NonNullable<NoticeConfigInputs["regulationConfigurations"]>[number];
export interface NoticeConfigOutputs extends NoticeConfigInputs {
  organizationId: string;
  draftConfigId: string;
  publishedConfigId?: string;
  contentHash: string;
}

// ---- fields -------------------------------------------------------------------------------------------

const DURATION_UNIT = z.enum(["months", "days", "seconds"]);
const ENCODING = z.enum(["bit_field_2_bits", "ranges_u16", "ranges_fibonacci"]);
const opaque = z.record(z.string(), z.unknown());
const flag = z.boolean().optional();
const dateTime = z.iso.datetime({
  error: (issue) => `${JSON.stringify(issue.input)} is not an ISO date-time; use one such as "2026-01-31T00:00:00Z"`,
});
const duration = z.number().min(0).optional();

const CONSENT_MODE_FLAGS = [
  "gcmEnabled", "gcmTcfEnabled", "gcmSetDefaultStatus", "gcmAnalyticsDefaultStatus", "gcmAdsDefaultStatus",
  "gcmFunctionalityDefaultStatus", "gcmPersonalizationDefaultStatus", "gcmSecurityDefaultStatus",
  "gcmAdUserDataDefaultStatus", "gcmAdPersonalizationDefaultStatus", "gcmFirebaseEnabled", "gcmAirbridgeEnabled",
  "gcmKochavaEnabled", "gcmBranchEnabled", "gcmAppsflyerEnabled", "microsoftEnabled", "microsoftSetDefaultStatus",
  "microsoftAdStorageDefaultStatus", "microsoftEnableTcfAdvertiserConsentMode", "amazonEnabled",
  "amazonSetDefaultStatus", "amazonAdStorageDefaultStatus", "amazonAdUserDataDefaultStatus", "wordpressEnabled",
] as const;

/** Fields a config and its regulation configurations share (sdk/notice-config.ts NoticeBehaviourArgs). */
const behaviourFields = {
  ...Object.fromEntries(CONSENT_MODE_FLAGS.map((name) => [name, flag])),
  templateId: z.string().optional(),
  enableIgnoreConsentBefore: flag,
  disagreeButtonStyle: z.enum(["primary", "secondary"]).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a two-letter ISO country code such as "FR"` }).nullable().optional(),
  noticeDenyAppliesToLi: flag,
  preferencesDenyAppliesToLi: flag,
  consentDuration: duration,
  consentDurationUnit: DURATION_UNIT.optional(),
  deniedConsentDuration: duration,
  deniedConsentDurationUnit: DURATION_UNIT.optional(),
  deniedConsentDurationCustom: flag,
  noticeDisabled: flag,
  noticeActiveElementsOrder: opaque.optional(),
  dismissButtonEnabled: flag,
  preferencesTitleEnabled: flag,
  preferencesCrossButtonEnabled: flag,
  preferencesViewAllPartnersButtonEnabled: flag,
  preferencesActiveElementsOrder: opaque.optional(),
  textId: z.string().optional(),
};

const regulationSchema = z.object({
  ...behaviourFields,
  regulationId: z.string().regex(/^[a-z][a-z0-9_]*$/, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a regulation id; use a lowercase id such as "gdpr" or "cpra"`,
  }),
  isDefaultRegulationConfig: flag,
  geoLocations: z
    .array(z.string().regex(/^([A-Z]{2}(_[A-Z0-9]{1,3})?|\*)$/, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a location; use a country ("FR"), a region ("US_CA") or "*"`,
    }))
    .optional(),
  regulationSettings: opaque.optional(),
  config: opaque.optional(),
  negativeActionLinkFormat: z.enum(["text", "cross"]).optional(),
  crossDeviceEnabled: flag,
  crossDeviceTimeout: duration,
  disabledAt: dateTime.nullable().optional(),
});

const contentFields = {
  ...behaviourFields,
  platform: z.enum(["web", "amp", "app", "ctv"]).optional(),
  default: flag,
  targets: z.array(z.string().min(1)).optional(),
  config: opaque.optional(),
  customJson: opaque.optional(),
  fullAtp: flag,
  textMode: z.enum(["approved", "custom"]).optional(),
  ignoreConsentBefore: dateTime.nullable().optional(),
  negativeAction: z.enum(["button", "link"]).nullable().optional(),
  gcmDataLayerName: z.string().optional(),
  ctvFocusOnAgreeAndClose: flag,
  secureCookies: flag,
  consentStringPartnersEncoding: ENCODING.optional(),
  consentStringPurposesEncoding: ENCODING.optional(),
  enableWebView: flag,
  sdkVersion: z.string().optional(),
  regulationConfigurations: z.array(regulationSchema).optional(),
};

const inputSchema = z.object({ noticeId: z.string().min(1), ...contentFields, ...connectionInputs });

/** Rules across fields, checked even when single fields fail, so that every problem is reported at once. */
function crossFieldFailures(inputs: NoticeConfigInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const targets = inputs.targets;
  if (inputs.default === true && Array.isArray(targets) && targets.length > 0 && !isUnknown(targets)) {
    failures.push({
      property: "targets",
      reason: `targets: a default notice (default: true) serves every site without its own notice, so it takes no targets; remove targets ${JSON.stringify(targets)} or set default: false`,
    });
  }
  const seen = new Set<string>();
  const items = Array.isArray(inputs.regulationConfigurations) ? inputs.regulationConfigurations : [];
  for (const [index, item] of items.entries()) {
    if (isUnknown(item)) continue;
    const key = regulationKey(item);
    if (seen.has(key)) {
      failures.push({
        property: `regulationConfigurations[${index}]`,
        reason: `regulationConfigurations[${index}]: a second entry for regulation "${item.regulationId}" (isDefaultRegulationConfig ${item.isDefaultRegulationConfig ?? true}); merge the two entries`,
      });
    }
    seen.add(key);
  }
  return failures;
}

const CONTENT_FIELDS = Object.keys(contentFields);
/** Objects Didomi stores verbatim: their keys are not converted to snake_case. */
const OPAQUE_FIELDS = ["config", "customJson", "regulationSettings", "noticeActiveElementsOrder", "preferencesActiveElementsOrder"];
const DIFF_RULES: DiffRules = {
  fields: [...CONTENT_FIELDS, "noticeId", "organizationId"],
  providerOnly: ["baseUrl"],
  replaceOnChange: ["noticeId", "organizationId"],
  unorderedArrays: ["targets"],
  normalize: { regulationConfigurations: (items) => canonicalRegulations(items as RegulationInputs[]) },
};

const label = (noticeId: string) => `didomi:NoticeConfig ${noticeId}`;
const CONFIGS = "/widgets/notices/configs";

// ---- content ------------------------------------------------------------------------------------------

/** Regulation configurations are matched by regulation and default flag, not by position or server id. */
function regulationKey(item: { regulationId: string; isDefaultRegulationConfig?: boolean | null }): string {
  return `${item.regulationId}/${item.isDefaultRegulationConfig ?? true}`;
}

function canonicalRegulations(items: RegulationInputs[]): unknown {
  return [...items]
    .map((item) => (item.geoLocations ? { ...item, geoLocations: [...item.geoLocations].sort() } : item))
    .sort((a, b) => regulationKey(a).localeCompare(regulationKey(b)));
}

/** JSON with sorted object keys, so equal content always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The hash of the managed content: equal for equal content whatever the order of sets; unknown while any part is. */
function contentHashOf(inputs: NoticeConfigInputs): string {
  const content: Record<string, unknown> = {};
  for (const field of managedFields(inputs, CONTENT_FIELDS)) {
    const value = (inputs as Record<string, unknown>)[field];
    if (isUnknown(value)) return UNKNOWN;
    content[field] = canonical(field, value, DIFF_RULES);
  }
  return `sha256:${createHash("sha256").update(stableJson(content)).digest("hex")}`;
}

// ---- expand / flatten ---------------------------------------------------------------------------------

/** The PATCH body: every managed field, regulation configurations matched to the draft's ids. */
function expand(inputs: NoticeConfigInputs, draft: ApiNoticeConfig): Record<string, unknown> {
  const { regulationConfigurations, ...fields } = fieldsBody(inputs, CONTENT_FIELDS) as Partial<NoticeConfigInputs>;
  const body = toApiCase(fields, OPAQUE_FIELDS);
  if (regulationConfigurations) {
    const existing = new Map((draft.regulation_configurations ?? []).map((item) => [regulationKey(fromApiCase(item)), item.id]));
    body.regulation_configurations = regulationConfigurations.map((item) => {
      const id = existing.get(regulationKey(item));
      return toApiCase({ ...(id ? { id } : {}), isDefaultRegulationConfig: true, ...item }, OPAQUE_FIELDS);
    });
  }
  return body;
}

/**
 * The draft as inputs, limited to what the old inputs manage: top-level fields the user set, and inside
 * each managed regulation configuration only the fields set there. Everything else is not the user's drift.
 */
function flatten(draft: ApiNoticeConfig, olds: NoticeConfigInputs): Record<string, unknown> {
  const live = fromApiCase<Record<string, unknown>>(draft, OPAQUE_FIELDS);
  const inputs: Record<string, unknown> = { noticeId: draft.notice_id, organizationId: draft.organization_id };
  for (const field of managedFields(olds, CONTENT_FIELDS)) inputs[field] = live[field] ?? null;
  if (olds.regulationConfigurations) {
    const liveItems = new Map(
      (draft.regulation_configurations ?? []).map((item: ApiRegulationConfiguration) => {
        const camel = fromApiCase<RegulationInputs>(item, OPAQUE_FIELDS);
        return [regulationKey(camel), camel as Record<string, unknown>];
      }),
    );
    inputs.regulationConfigurations = olds.regulationConfigurations.flatMap((wanted) => {
      const found = liveItems.get(regulationKey(wanted));
      if (!found) return []; // gone from the draft: drift
      return [Object.fromEntries(managedFields(wanted, Object.keys(wanted)).map((field) => [field, found[field] ?? null]))];
    });
  }
  return inputs;
}

// ---- Didomi calls -------------------------------------------------------------------------------------

/** A notice's configurations that matter: its one draft, and its most recently published one (if any). */
export interface NoticeConfigs {
  draft: ApiNoticeConfig;
  published?: ApiNoticeConfig;
}

/** The notice's draft and latest published configuration, from one list of its configurations. */
export async function noticeConfigs({ client, organizationId }: Connection, noticeId: string): Promise<NoticeConfigs | undefined> {
  const configs = await client.list(CONFIGS, noticeConfigSchema, { organizationId, query: { notice_id: noticeId } });
  const drafts = configs.filter((config) => config.deployed_at === null);
  // a deleted notice loses its draft (its published configs may stay, for audit): for Pulumi it is gone
  if (drafts.length === 0) return undefined;
  if (drafts.length > 1) {
    throw new Error(`${label(noticeId)}: the notice has ${drafts.length} draft configurations where Didomi keeps exactly one.`);
  }
  const published = configs
    .filter((config) => config.deployed_at !== null)
    .sort((a, b) => Date.parse(b.deployed_at!) - Date.parse(a.deployed_at!))[0];
  return { draft: drafts[0]!, published };
}

/** Like noticeConfigs, for a notice that must exist. */
export async function existingNoticeConfigs(connection: Connection, noticeId: string): Promise<NoticeConfigs> {
  const configs = await noticeConfigs(connection, noticeId);
  if (!configs) {
    throw new Error(`${label(noticeId)}: the notice has no draft configuration; check that it exists in this organization.`);
  }
  return configs;
}

/** PATCHes the current draft; if it was published in the meantime (PATCH refused), once more on the new draft. */
async function patchDraft(connection: Connection, inputs: NoticeConfigInputs, resolved?: NoticeConfigs): Promise<NoticeConfigs> {
  const { client, organizationId } = connection;
  const patch = async (configs: NoticeConfigs) => ({
    ...configs,
    draft: await client.patch(`${CONFIGS}/${encodeURIComponent(configs.draft.id)}`, expand(inputs, configs.draft), noticeConfigSchema, {
      organizationId,
    }),
  });
  const configs = resolved ?? (await existingNoticeConfigs(connection, inputs.noticeId));
  try {
    return await patch(configs);
  } catch (error) {
    if (!(error instanceof BadRequestError || error instanceof ForbiddenError || error instanceof ConflictError)) throw error;
    const newer = await existingNoticeConfigs(connection, inputs.noticeId);
    if (newer.draft.id === configs.draft.id) throw error;
    return patch(newer);
  }
}

function outputsOf(inputs: NoticeConfigInputs, { draft, published }: NoticeConfigs): NoticeConfigOutputs {
  return compact({
    ...inputs,
    organizationId: draft.organization_id,
    draftConfigId: draft.id,
    publishedConfigId: published?.id,
    contentHash: inputs.contentHash!, // computed by check from the declared content
  });
}

// ---- provider -----------------------------------------------------------------------------------------

export const noticeConfigProvider: pulumi.dynamic.ResourceProvider<NoticeConfigInputs, NoticeConfigOutputs> = {
  async check(_olds, news) {
    const result = checkInputs("NoticeConfig", inputSchema, news);
    return {
      inputs: { ...result.inputs!, contentHash: contentHashOf(news) },
      failures: [...result.failures!, ...crossFieldFailures(news)],
    };
  },

  async diff(_id, olds, news) {
    return planChanges(label(olds.noticeId), olds, news, DIFF_RULES);
  },

  async create(inputs) {
    const connection = connect(inputs);
    const current = await existingNoticeConfigs(connection, inputs.noticeId);
    // the draft already holds the declared content (an adopted notice): nothing to send
    if (diffFields(flatten(current.draft, inputs), inputs, DIFF_RULES).remote.length === 0) {
      return { id: inputs.noticeId, outs: outputsOf(inputs, current) };
    }
    return { id: inputs.noticeId, outs: outputsOf(inputs, await patchDraft(connection, inputs, current)) };
  },

  async read(id, olds) {
    const configs = await noticeConfigs(connect(olds!), id);
    if (!configs) return {};
    // contentHash stays the hash of the declared content: drift shows on the fields themselves
    const inputs = compact({ ...flatten(configs.draft, olds!), baseUrl: olds!.baseUrl, contentHash: olds!.contentHash }) as NoticeConfigInputs;
    return { id, props: outputsOf(inputs, configs), inputs: inputs as NoticeConfigOutputs };
  },

  async update(_id, olds, news) {
    if (diffFields(olds, news, DIFF_RULES).remote.length === 0) {
      return { outs: unchangedRemotely<NoticeConfigOutputs>(olds, news, ["draftConfigId", "publishedConfigId", "contentHash"]) };
    }
    return { outs: outputsOf(news, await patchDraft(connect(news), news)) };
  },

  async delete() {
    // Configurations cannot be deleted in Didomi (published ones are audit records); forgetting is all there is.
  },
};

/** Server-owned fields of configurations and their regulation configurations: not content. */
const NOT_CONTENT = new Set([
  "id", "notice_id", "organization_id", "notice_config_id", "created_at", "updated_at", "version",
  "deployed_at", "deployed_by", "deployed_by_type", "deployed_by_name", "deployed_metadata",
]);

function contentOf(config: Record<string, unknown>): Record<string, unknown> {
  const content = Object.fromEntries(Object.entries(config).filter(([key]) => !NOT_CONTENT.has(key)));
  const regulations = (config.regulation_configurations as Record<string, unknown>[] | null | undefined) ?? [];
  content.regulation_configurations = regulations
    .map(contentOf)
    .sort((a, b) => stableJson([a.regulation_id, a.is_default_regulation_config]).localeCompare(stableJson([b.regulation_id, b.is_default_regulation_config])));
  return content;
}

/** Whether two configurations (a draft and a published one) carry the same content. */
export function sameContent(a: ApiNoticeConfig, b: ApiNoticeConfig): boolean {
  return stableJson(contentOf(a)) === stableJson(contentOf(b));
}
