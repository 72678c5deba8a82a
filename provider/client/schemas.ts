// Response schemas, in the API's own shape (snake_case), one per object type.
//
// Lenient: every object is a `z.looseObject`, so fields Didomi adds later pass through untouched (BEHAVIOR §1.1).
// Strict about what the provider relies on: identity, ownership, lifecycle status and the fields resources diff
// on are required and typed, so a changed API fails loudly with the field's name instead of corrupting state.
// Optional fields are `nullish`: Didomi returns unset fields as explicit `null` (BEHAVIOR §1.8).
import { z } from "zod";

// Every Didomi record carries its creation time (BEHAVIOR §1.8); not every type has `updated_at` or `version`.
const timestamps = {
  created_at: z.string(),
  updated_at: z.string().optional(),
  version: z.number().optional(),
};

export const domainStatusSchema = z.enum(["draft", "scheduled", "to_be_deleted", "deploying", "deleting", "failed", "ready"]);
export const domainUsageSchema = z.enum(["cmp", "privacy-center", "preference-center"]);

export const domainSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  usage: domainUsageSchema,
  status: domainStatusSchema,
  type: z.enum(["custom", "managed"]),
  enabled: z.boolean(),
  entity_id: z.string().nullish(),
  description: z.string().nullish(),
  bots_crawl: z.enum(["allow_all", "disallow_all"]).nullish(),
  ...timestamps,
});
export type Domain = z.infer<typeof domainSchema>;

export const apiKeySchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  description: z.string().nullish(),
  is_internal: z.boolean().optional(),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The POST /keys response: the only time Didomi reveals the key's secret. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const secretSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  secret: z.string(),
  description: z.string().nullish(),
  ...timestamps,
});
export type Secret = z.infer<typeof secretSchema>;

const namespacesSchema = z.looseObject({ custom: z.string().nullish(), didomi: z.string().nullish() }).nullish();

/** A custom vendor (Data Manager partner) of the organization; global (IAB, Didomi) vendors have no organization. */
export const partnerSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string().nullish(),
  name: z.string(),
  category_id: z.string(),
  namespaces: namespacesSchema,
  deprecated: z.boolean().nullish(),
  ...timestamps,
});
export type Partner = z.infer<typeof partnerSchema>;

/** A purpose: custom (of the organization) or global (IAB, Didomi). `description` is its name, by language. */
export const purposeSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string().nullish(),
  description: z.record(z.string(), z.unknown()).nullish(),
  namespaces: namespacesSchema,
  ...timestamps,
});
export type Purpose = z.infer<typeof purposeSchema>;

export const purposesGroupSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string().nullish(),
  name: z.string(),
  purposes_id: z.array(z.string()).nullish(),
  ...timestamps,
});
export type PurposesGroup = z.infer<typeof purposesGroupSchema>;

export const noticeTemplateSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  notices_id: z.array(z.string()).nullish(),
  ...timestamps,
});
export type NoticeTemplate = z.infer<typeof noticeTemplateSchema>;

/** A template's configuration: Didomi creates exactly one with each template (BEHAVIOR §10.3). */
export const noticeTemplateConfigSchema = z.looseObject({
  id: z.string(),
  template_id: z.string(),
  config: z.record(z.string(), z.unknown()).nullish(),
});
export type NoticeTemplateConfig = z.infer<typeof noticeTemplateConfigSchema>;

export const noticeSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  archived_at: z.string().nullish(),
  privacy_experience_id: z.string().nullish(),
  environment: z.string().nullish(),
  external_source: z.string().nullish(),
  external_id: z.string().nullish(),
  ...timestamps,
});
export type Notice = z.infer<typeof noticeSchema>;

const opaqueObject = z.record(z.string(), z.unknown());

export const regulationConfigurationSchema = z.looseObject({
  id: z.string(),
  regulation_id: z.string(),
  is_default_regulation_config: z.boolean().nullish(),
  geo_locations: z.array(z.string()).nullish(),
  disabled_at: z.string().nullish(),
  config: opaqueObject.nullish(),
  regulation_settings: opaqueObject.nullish(),
  notice_config_id: z.string().nullish(),
});
export type RegulationConfiguration = z.infer<typeof regulationConfigurationSchema>;

export const noticeConfigSchema = z.looseObject({
  id: z.string(),
  notice_id: z.string(),
  organization_id: z.string(),
  /** `null` on the notice's one draft; the publication time on every published config. */
  deployed_at: z.string().nullable(),
  platform: z.string().nullish(),
  default: z.boolean().nullish(),
  targets: z.array(z.string()).nullish(),
  config: opaqueObject.nullish(),
  custom_json: opaqueObject.nullish(),
  text_mode: z.string().nullish(),
  text_id: z.string().nullish(),
  regulation_configurations: z.array(regulationConfigurationSchema).nullish(),
  ...timestamps,
});
export type NoticeConfig = z.infer<typeof noticeConfigSchema>;

export const deploymentStatusSchema = z.enum(["ready", "running", "failure", "success"]);

export const deploymentSchema = z.looseObject({
  id: z.string(),
  notice_id: z.string(),
  organization_id: z.string(),
  production_config_id: z.string(),
  status: deploymentStatusSchema,
  message: z.string().nullish(),
  ...timestamps,
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  public_api_key: z.string().nullish(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const quotaSchema = z.looseObject({
  id: z.string(),
  organization_id: z.string(),
  secrets: z.number().nullish(),
  parallel_notices_deployments: z.number().nullish(),
  api_requests: z.number().nullish(),
});
export type Quota = z.infer<typeof quotaSchema>;

export const sdkConfigSchema = z.looseObject({
  id: z.string(),
  regulation_id: z.string(),
  geo_locations: z.array(z.string()),
  sdk_config: opaqueObject,
  created_at: z.string(),
  deployment_id: z.string(),
  notice_id: z.string(),
  notice_config_id: z.string(),
  notice_regulation_config_id: z.string(),
  organization_id: z.string(),
});
export type SdkConfig = z.infer<typeof sdkConfigSchema>;

/** POST /sessions. Used by the client itself. */
export const sessionSchema = z.looseObject({ access_token: z.string().min(1) });

/** A list response: Didomi's `{total, limit, skip, data}` envelope, or a bare array (BEHAVIOR §1.6). */
export const listEnvelopeSchema = z.looseObject({
  total: z.number(),
  limit: z.number().optional(),
  skip: z.number().optional(),
  data: z.array(z.unknown()),
});

/** What `getMany` needs of every item to match it to the id asked for. */
export const identifiedSchema = z.looseObject({ id: z.string() });
