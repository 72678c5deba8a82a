// A notice's configurations as NoticeConfig and Deployment both need them: its one draft, its latest published
// configuration, and whether two configurations carry the same content.
import { noticeConfigSchema, type NoticeConfig as ApiNoticeConfig } from "./client";
import type { Connection } from "./config";

const CONFIGS = "/widgets/notices/configs";
const label = (noticeId: string) => `didomi:NoticeConfig ${noticeId}`;

/** A notice's configurations that matter: its one draft, and its most recently published one (if any). */
export interface NoticeConfigs {
  draft: ApiNoticeConfig;
  published?: ApiNoticeConfig;
}

/**
 * The notice's draft and latest published configuration, from one list of its configurations, shared with the
 * concurrent reads of other notices (a refresh reads up to 100 notices' configurations in one call).
 */
export async function noticeConfigs({ client, organizationId }: Connection, noticeId: string): Promise<NoticeConfigs | undefined> {
  const configs = await client.listBy(CONFIGS, "notice_id", noticeId, noticeConfigSchema, { organizationId });
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

/** PATCHes a configuration (a draft: published ones are refused). */
export function patchConfig({ client, organizationId }: Connection, id: string, body: Record<string, unknown>): Promise<ApiNoticeConfig> {
  return client.patch(`${CONFIGS}/${encodeURIComponent(id)}`, body, noticeConfigSchema, { organizationId });
}

/** JSON with sorted object keys, so equal content always serializes (and hashes) the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

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
