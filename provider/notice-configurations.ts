// A notice's configurations as NoticeConfig and Deployment both need them: its one draft, its latest deployment
// (which names the latest published configuration), and whether two configurations carry the same content.
// Each comes from a per-collection read (client/views.ts), so what it costs does not grow with the notice's history.
import { deploymentSchema, noticeConfigSchema, type CollectionView, type Deployment as ApiDeployment, type NoticeConfig as ApiNoticeConfig } from "./client";
import type { Connection } from "./config";

const NOTICES = "/widgets/notices";
const CONFIGS = "/widgets/notices/configs";
export const DEPLOYMENTS = "/widgets/notices/deployments";
/**
 * Every notice's draft: `deployed_at=null` leaves the published history out. Creating a notice makes its draft;
 * a deployment publishes it and makes the next one.
 */
const DRAFTS: CollectionView = { path: CONFIGS, key: "notice_id", filter: { deployed_at: null }, changedBy: [NOTICES, DEPLOYMENTS] };
/**
 * Every notice's latest deployment, read newest first: the publications before it are never downloaded. Only
 * deployments make deployments (a new notice has none to read: its key is stale until read once).
 */
const LATEST_DEPLOYMENTS: CollectionView = { path: DEPLOYMENTS, key: "notice_id", newestBy: "created_at", changedBy: [NOTICES] };
const label = (noticeId: string) => `didomi:NoticeConfig ${noticeId}`;

/** A notice's configurations that matter: its one draft, and its latest deployment (if any). */
export interface NoticeConfigs {
  draft: ApiNoticeConfig;
  /** Its `production_config_id` is the notice's latest published configuration (a failed deployment's too). */
  latestDeployment?: ApiDeployment;
}

/** The notice's draft and latest deployment, or undefined when the notice has no draft (it was deleted). */
export async function noticeConfigs(connection: Connection, noticeId: string): Promise<NoticeConfigs | undefined> {
  const { client, organizationId } = connection;
  const drafts = await client.readView(DRAFTS, noticeId, noticeConfigSchema, { organizationId });
  // a deleted notice loses its draft (its published configs may stay, for audit): for Pulumi it is gone
  if (drafts.length === 0) return undefined;
  if (drafts.length > 1) {
    throw new Error(`${label(noticeId)}: the notice has ${drafts.length} draft configurations where Didomi keeps exactly one.`);
  }
  return { draft: drafts[0]!, latestDeployment: await latestDeployment(connection, noticeId) };
}

/** The notice's most recent deployment, whatever its status. */
export async function latestDeployment({ client, organizationId }: Connection, noticeId: string): Promise<ApiDeployment | undefined> {
  const [latest] = await client.readView(LATEST_DEPLOYMENTS, noticeId, deploymentSchema, { organizationId });
  return latest;
}

/** Like noticeConfigs, for a notice that must exist. */
export async function existingNoticeConfigs(connection: Connection, noticeId: string): Promise<NoticeConfigs> {
  const configs = await noticeConfigs(connection, noticeId);
  if (!configs) {
    throw new Error(`${label(noticeId)}: the notice has no draft configuration; check that it exists in this organization.`);
  }
  return configs;
}

/** A published configuration, for its content (coalesced with concurrent reads of others). */
export function publishedConfig({ client, organizationId }: Connection, id: string): Promise<ApiNoticeConfig | undefined> {
  return client.getMany(CONFIGS, id, noticeConfigSchema, { organizationId });
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
