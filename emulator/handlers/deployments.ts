// /widgets/notices/deployments (BEHAVIOR.md §9): only the notice's current draft can be deployed. A deployment marks
// it published, creates the next draft as a copy (new id), generates sdk-configs (read in sdk-configs.ts), and runs ready → running →
// success | failure over `deploymentDelayMs`; without a delay it is over before the response, which says so.
// Deployments are immutable (no PATCH/PUT/DELETE: 405).
import { badRequest } from "../errors";
import type { ConfigRecord, DeploymentRecord, DeploymentStatus, RegulationConfigRecord } from "../store";
import { finalStatus, scheduleTransition } from "../transitions";
import { copyAsDraft, draftOf } from "./configs";
import {
  assertAccessible,
  assertQueryOrganization,
  created,
  findVisible,
  isJsonObject,
  listReply,
  ok,
  quotaExceeded,
  validated,
  type JsonObject,
  type RequestContext,
  type Route,
} from "./context";

const FIELDS = [
  "id",
  "notice_id",
  "organization_id",
  "production_config_id",
  "message",
  "status",
  "created_at",
  "updated_at",
  "version",
] as const;

function list(ctx: RequestContext) {
  return listReply(ctx, ctx.store.state.deployments.values(), { fields: FIELDS });
}

function get(ctx: RequestContext) {
  return ok(findVisible(ctx, ctx.store.state.deployments, ctx.params.id, FIELDS));
}

function create(ctx: RequestContext) {
  assertQueryOrganization(ctx);
  const input = validated(ctx, "notices-deployments-input", ctx.body);
  assertAccessible(ctx, input.organization_id, "organization_id");
  const { notices, configs, deployments } = ctx.store.state;
  const noticeId = input.notice_id as string;
  const configId = input.production_config_id as string;
  const notice = notices.get(noticeId);
  if (notice?.organization_id !== ctx.caller.organizationId) {
    throw badRequest(`Notice ${noticeId} does not exist in organization "${ctx.caller.organizationId}"`, {
      notice_id: "unknown notice",
    });
  }
  const config = configs.get(configId);
  if (config?.notice_id !== noticeId) {
    throw badRequest(`Configuration ${configId} is not a configuration of notice ${noticeId}`, {
      production_config_id: "unknown configuration for this notice",
    });
  }
  if (config.deployed_at !== null) {
    throw badRequest(
      `Configuration ${configId} has already been deployed: deploy the notice's current draft ` +
        `${draftOf(ctx, noticeId)?.id ?? "(none)"} instead`,
      { production_config_id: "must be the current draft" },
    );
  }
  const inFlight = [...deployments.values()].filter(
    (deployment) =>
      deployment.organization_id === ctx.caller.organizationId &&
      (deployment.status === "ready" || deployment.status === "running"),
  ).length;
  if (inFlight >= ctx.settings.quotas.parallel_notices_deployments) throw quotaExceeded(ctx, "parallel_notices_deployments");

  const outcome = ctx.settings.failDeploymentsForNotice === noticeId ? "failure" : "success";
  const delayMs = ctx.settings.deploymentDelayMs;
  const id = ctx.store.newId(deployments);
  const deployment: DeploymentRecord = {
    id,
    notice_id: noticeId,
    organization_id: ctx.caller.organizationId,
    production_config_id: configId,
    message: (input.message as string | undefined) ?? "",
    status: delayMs === 0 ? (finalStatus("deployment", outcome) as DeploymentStatus) : "ready",
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  };
  deployments.set(id, deployment);
  publish(ctx, config, deployment);
  copyAsDraft(ctx, config, notice);
  if (delayMs > 0) scheduleTransition(ctx.store.state, { kind: "deployment", id, outcome }, delayMs, ctx.now);
  return created(ctx, deployment);
}

/** Marks the config published by the caller and generates its sdk-configs. */
function publish(ctx: RequestContext, config: ConfigRecord, deployment: DeploymentRecord): void {
  const key = ctx.store.state.apiKeys.get(ctx.caller.keyId);
  Object.assign(config, {
    deployed_at: ctx.at,
    deployed_by: ctx.caller.keyId,
    deployed_by_type: "api-key",
    deployed_by_name: key?.name ?? ctx.caller.keyId,
    deployed_metadata: deployedMetadata(config.config),
    updated_at: ctx.at,
    version: config.version + 1,
  });
  const enabled = config.regulation_configurations.filter(
    (regulation) => regulation.disabled_at === null && regulation.geo_locations.length > 0,
  );
  // A config without regulation configurations (created without `v: 2`) publishes one GDPR sdk-config.
  const targets: Array<RegulationConfigRecord | undefined> = enabled.length > 0 ? enabled : [undefined];
  const { sdkConfigs } = ctx.store.state;
  for (const regulation of targets) {
    const id = ctx.store.newId(sdkConfigs);
    const regulationId = regulation?.regulation_id ?? "gdpr";
    sdkConfigs.set(id, {
      id,
      regulation_id: regulationId,
      geo_locations: regulation ? [...regulation.geo_locations] : ["*"],
      sdk_config: {
        ...config.config,
        ...(regulation?.config ?? {}),
        ...(regulationId === "gdpr" ? config.custom_json : {}),
      },
      created_at: ctx.at,
      deployment_id: deployment.id,
      notice_id: config.notice_id,
      notice_config_id: config.id,
      notice_regulation_config_id: regulation?.id ?? null,
      organization_id: config.organization_id,
    });
  }
}

/** Counts derivable from the SDK config (`app.vendors`); zeros otherwise. */
function deployedMetadata(sdkConfig: JsonObject): JsonObject {
  const app = isJsonObject(sdkConfig.app) ? sdkConfig.app : {};
  const vendors = isJsonObject(app.vendors) ? app.vendors : {};
  const iab = isJsonObject(vendors.iab) ? vendors.iab : {};
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  return {
    all_iab_enabled: iab.all === true,
    iab_vendor_count: count(iab.include),
    custom_vendor_count: count(vendors.custom),
    iab_purpose_count: 0,
    custom_purpose_count: count(app.customPurposes),
  };
}

export const deploymentRoutes: Route[] = [
  { method: "GET", path: "/v1/widgets/notices/deployments", handler: list },
  { method: "POST", path: "/v1/widgets/notices/deployments", handler: create },
  { method: "GET", path: "/v1/widgets/notices/deployments/:id", handler: get },
];
