// Reads what an export needs from a live organization, in as few requests as Didomi's list API allows
// (BEHAVIOR §1.6): every list is paged 100 at a time, and notice configurations and deployments are read
// for up to 100 notices per request with `$in` filters, never one request per notice.
//
//   GET /domains · GET /keys · GET /secrets · GET /widgets/notices?archived_at=null      (in parallel, with:)
//   GET /metadata/purposes · /metadata/purposes-groups · /metadata/partners · /widgets/notices/templates(/configs)
//   GET /widgets/notices/configs?notice_id[$in]=…            (drafts and published configs, 100 notices a call)
//   GET /widgets/notices/deployments?production_config_id[$in]=…   (only for configs that may be adopted as published)
//
// Secret values and key secrets are never kept: the snapshot holds names and settings only.
import { z } from "zod";
import {
  apiKeySchema,
  deploymentSchema,
  domainSchema,
  noticeConfigSchema,
  noticeSchema,
  noticeTemplateConfigSchema,
  noticeTemplateSchema,
  partnerSchema,
  purposeSchema,
  purposesGroupSchema,
  secretSchema,
  type ApiKey,
  type DidomiClient,
  type Domain,
  type Notice,
  type NoticeConfig,
  type NoticeTemplate,
  type NoticeTemplateConfig,
  type Partner,
  type Purpose,
  type PurposesGroup,
} from "../../provider/client";
import { sameContent } from "../../provider/notice-configurations";

/** Ids per `$in` list call: a page of results when each id matches one object, and a URL of a few KB. */
const IDS_PER_CALL = 100;

/** A secret without its value: the export never needs it, and Didomi may not return it on reads. */
const secretWithoutValueSchema = secretSchema.omit({ secret: true });
export type SecretInfo = Pick<z.infer<typeof secretWithoutValueSchema>, "id" | "organization_id" | "name" | "description">;

/** Keeps what the program needs, dropping the value that the (lenient) schema lets through when Didomi sends it. */
const withoutValue = ({ id, organization_id, name, description }: z.infer<typeof secretWithoutValueSchema>): SecretInfo => ({
  id,
  organization_id,
  name,
  description,
});

export interface NoticeSnapshot {
  notice: Notice;
  draft: NoticeConfig;
  /** The most recently published configuration, if any. */
  published?: NoticeConfig;
  publication: Publication;
}

/**
 * How the draft relates to what is live. Only for `draft-is-live` (the draft equals the latest published
 * configuration, which a deployment that did not fail published) does a Deployment adopt the publication
 * instead of publishing again.
 */
export type Publication = "never-published" | "draft-is-live" | "draft-changed" | "publication-failed";

export interface OrganizationSnapshot {
  organizationId: string;
  domains: Domain[];
  apiKeys: ApiKey[];
  secrets: SecretInfo[];
  /** Notices that are not archived and still have a draft. */
  notices: NoticeSnapshot[];
  /** The organization's own Data Manager objects (Didomi's and IAB's global ones are not the organization's). */
  purposes: Purpose[];
  purposeGroups: PurposesGroup[];
  vendors: Partner[];
  templates: { template: NoticeTemplate; config?: NoticeTemplateConfig }[];
}

/** Called after each collection is read: what was read, for progress messages. */
export type ReadProgress = (what: string) => void;

export async function readOrganization(client: DidomiClient, organizationId: string, progress: ReadProgress): Promise<OrganizationSnapshot> {
  const inOrg = { organizationId };
  const counted = <T>(label: string) => (items: T[]) => {
    progress(`${items.length} ${label}`);
    return items;
  };
  // global purposes and vendors are listed with the organization's: only its own are exported
  const own = <T extends { organization_id?: string | null }>(items: T[]) => items.filter((item) => item.organization_id === organizationId);
  const [domains, apiKeys, secrets, notices, purposes, purposeGroups, vendors, templates, templateConfigs] = await Promise.all([
    client.list("/domains", domainSchema, inOrg).then(counted("domains")),
    client.list("/keys", apiKeySchema, inOrg).then(counted("API keys")),
    client.list("/secrets", secretWithoutValueSchema, inOrg).then((secrets) => secrets.map(withoutValue)).then(counted("secrets")),
    client.list("/widgets/notices", noticeSchema, { ...inOrg, query: { archived_at: null } }).then(counted("notices (not archived)")),
    client.list("/metadata/purposes", purposeSchema, inOrg).then(own).then(counted("custom purposes")),
    client.list("/metadata/purposes-groups", purposesGroupSchema, inOrg).then(own).then(counted("purpose groups")),
    client.list("/metadata/partners", partnerSchema, inOrg).then(own).then(counted("custom vendors")),
    client.list("/widgets/notices/templates", noticeTemplateSchema, inOrg).then(counted("notice templates")),
    client.list("/widgets/notices/templates/configs", noticeTemplateConfigSchema, inOrg),
  ]);
  const configs = await listByIds(client, "/widgets/notices/configs", noticeConfigSchema, organizationId, "notice_id", notices.map((n) => n.id));
  progress(`${configs.length} notice configurations (drafts and published)`);
  const byNotice = configsByNotice(configs);

  // Candidates for adopting a publication: the draft carries exactly the published content
  const candidates = [...byNotice.values()].filter(({ draft, published }) => draft && published && sameContent(draft, published));
  const deployments = await listByIds(
    client,
    "/widgets/notices/deployments",
    deploymentSchema,
    organizationId,
    "production_config_id",
    candidates.map(({ published }) => published!.id),
  );
  progress(`${deployments.length} deployments of published configurations`);
  const successfullyPublished = new Set(deployments.filter((d) => d.status !== "failure").map((d) => d.production_config_id));

  const snapshots: NoticeSnapshot[] = [];
  for (const notice of notices) {
    const { draft, published } = byNotice.get(notice.id) ?? {};
    // a notice without a draft is being deleted: there is nothing to adopt
    if (!draft) continue;
    const publication: Publication = !published
      ? "never-published"
      : !sameContent(draft, published)
        ? "draft-changed"
        : successfullyPublished.has(published.id)
          ? "draft-is-live"
          : "publication-failed";
    snapshots.push({ notice, draft, ...(published ? { published } : {}), publication });
  }
  return {
    organizationId,
    domains,
    apiKeys,
    secrets,
    notices: snapshots,
    purposes,
    purposeGroups,
    vendors,
    templates: templates.map((template) => ({ template, config: templateConfigs.find((config) => config.template_id === template.id) })),
  };
}

/** Every object whose `field` is one of `values`, `IDS_PER_CALL` values per list call. */
async function listByIds<T>(
  client: DidomiClient,
  path: string,
  schema: z.ZodType<T>,
  organizationId: string,
  field: string,
  values: string[],
): Promise<T[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < values.length; start += IDS_PER_CALL) chunks.push(values.slice(start, start + IDS_PER_CALL));
  const pages = await Promise.all(chunks.map((chunk) => client.list(path, schema, { organizationId, query: { [field]: chunk } })));
  return pages.flat();
}

/** Per notice: its one draft and its most recently published configuration. */
function configsByNotice(configs: NoticeConfig[]): Map<string, { draft?: NoticeConfig; published?: NoticeConfig }> {
  const byNotice = new Map<string, { draft?: NoticeConfig; published?: NoticeConfig }>();
  for (const config of configs) {
    const entry = byNotice.get(config.notice_id) ?? {};
    if (config.deployed_at === null) {
      if (entry.draft) throw new Error(`Notice ${config.notice_id} has two draft configurations (${entry.draft.id}, ${config.id}) where Didomi keeps exactly one.`);
      entry.draft = config;
    } else if (!entry.published || Date.parse(config.deployed_at) > Date.parse(entry.published.deployed_at!)) {
      entry.published = config;
    }
    byNotice.set(config.notice_id, entry);
  }
  return byNotice;
}

/** Byte order, not locale order: the same organization gives the same files on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
