// /widgets/notices (BEHAVIOR.md §7): creating a notice creates its draft config (with `v: 2`, with a default GDPR
// regulation configuration); `duplicate=<id>` copies another notice's draft; archive with `archived_at`;
// DELETE follows `noticeDeleteMode`.
import { badRequest } from "../errors";
import type { NoticeRecord } from "../store";
import { createDraftConfig, copyAsDraft, draftOf } from "./configs";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  assertAccessible,
  assertQueryOrganization,
  created,
  findVisible,
  listReply,
  ok,
  updateInput,
  validated,
  type RequestContext,
  type Route,
  type UpdateRules,
} from "./context";

const FIELDS = [
  "id",
  "organization_id",
  "name",
  "archived_at",
  "privacy_experience_id",
  "environment",
  "external_source",
  "external_id",
  "created_at",
  "updated_at",
  "version",
] as const;
const OPTIONAL_DEFAULTS = {
  archived_at: null,
  privacy_experience_id: null,
  environment: null,
  external_source: null,
  external_id: null,
};
const NULLABLE = Object.keys(OPTIONAL_DEFAULTS);
const UPDATE_RULES: UpdateRules = {
  schema: "notices-input",
  immutable: ["id", "organization_id"],
  ignored: SERVER_MAINTAINED,
  nullable: NULLABLE,
  replaceDefaults: OPTIONAL_DEFAULTS,
  requiredOnReplace: ["name"],
};

function list(ctx: RequestContext) {
  return listReply(ctx, ctx.store.state.notices.values(), { fields: FIELDS });
}

function create(ctx: RequestContext) {
  assertQueryOrganization(ctx);
  const input = validated(ctx, "notices-input", ctx.body, { nullable: NULLABLE });
  assertAccessible(ctx, input.organization_id, "organization_id");
  const duplicateOf = ctx.query.get("duplicate");
  const source = duplicateOf === null ? undefined : ctx.store.state.notices.get(duplicateOf);
  if (duplicateOf !== null && source?.organization_id !== ctx.caller.organizationId) {
    throw badRequest(`Cannot duplicate notice ${duplicateOf}: no such notice in organization "${ctx.caller.organizationId}"`, {
      duplicate: "unknown notice id",
    });
  }
  const { notices } = ctx.store.state;
  const id = ctx.store.newId(notices);
  const notice: NoticeRecord = {
    id,
    organization_id: ctx.caller.organizationId,
    name: input.name as string,
    ...OPTIONAL_DEFAULTS,
    ...input,
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  };
  notices.set(id, notice);
  const sourceDraft = source && draftOf(ctx, source.id);
  if (sourceDraft) copyAsDraft(ctx, sourceDraft, notice);
  else createDraftConfig(ctx, notice, ctx.apiVersion === 2);
  return created(ctx, notice);
}

function get(ctx: RequestContext) {
  return ok(findVisible(ctx, ctx.store.state.notices, ctx.params.id, FIELDS));
}

function update(ctx: RequestContext) {
  const notice = findVisible(ctx, ctx.store.state.notices, ctx.params.id, FIELDS);
  applyUpdate(ctx, notice, updateInput(ctx, notice, UPDATE_RULES));
  return ok(notice);
}

/**
 * keep-audit: the notice and its draft go; published configs, deployments and sdk-configs stay readable by id.
 * cascade: everything of the notice goes. forbid-if-deployed: 400 once the notice was published, else keep-audit.
 */
function remove(ctx: RequestContext) {
  const notice = findVisible(ctx, ctx.store.state.notices, ctx.params.id, FIELDS);
  const { configs, deployments, sdkConfigs, notices } = ctx.store.state;
  const mode = ctx.settings.noticeDeleteMode;
  const published = [...configs.values()].some((config) => config.notice_id === notice.id && config.deployed_at !== null);
  if (mode === "forbid-if-deployed" && published) {
    throw badRequest(
      `Notice ${notice.id} has been deployed and cannot be deleted: archive it instead with ` +
        `PATCH /widgets/notices/${notice.id} {"archived_at":"<now>"}`,
    );
  }
  const belongsToNotice = (record: { notice_id: string }) => record.notice_id === notice.id;
  for (const config of configs.values()) {
    if (belongsToNotice(config) && (mode === "cascade" || config.deployed_at === null)) configs.delete(config.id);
  }
  if (mode === "cascade") {
    for (const deployment of deployments.values()) if (belongsToNotice(deployment)) deployments.delete(deployment.id);
    for (const sdkConfig of sdkConfigs.values()) if (belongsToNotice(sdkConfig)) sdkConfigs.delete(sdkConfig.id);
  }
  notices.delete(notice.id);
  return ok(notice);
}

export const noticeRoutes: Route[] = [
  { method: "GET", path: "/v1/widgets/notices", handler: list },
  { method: "POST", path: "/v1/widgets/notices", handler: create },
  { method: "GET", path: "/v1/widgets/notices/:id", handler: get },
  { method: "PATCH", path: "/v1/widgets/notices/:id", handler: update },
  { method: "PUT", path: "/v1/widgets/notices/:id", handler: update },
  { method: "DELETE", path: "/v1/widgets/notices/:id", handler: remove },
];
