// /quotas (BEHAVIOR.md §1.9): read only; one quota object per organization whose limits are the current settings.
import type { QuotaRecord } from "../store";
import { findVisible, listReply, ok, type RequestContext, type Route } from "./context";

const FIELDS = ["id", "organization_id", "created_at", "updated_at", "version"] as const;

function view(ctx: RequestContext) {
  return (quota: QuotaRecord) => ({
    ...quota,
    secrets: ctx.settings.quotas.secrets,
    parallel_notices_deployments: ctx.settings.quotas.parallel_notices_deployments,
    api_requests: ctx.settings.rateLimit,
  });
}

function list(ctx: RequestContext) {
  return listReply(ctx, ctx.store.state.quotas.values(), { fields: FIELDS, view: view(ctx) });
}

function get(ctx: RequestContext) {
  return ok(view(ctx)(findVisible(ctx, ctx.store.state.quotas, ctx.params.id, FIELDS)));
}

export const quotaRoutes: Route[] = [
  { method: "GET", path: "/v1/quotas", handler: list },
  { method: "GET", path: "/v1/quotas/:id", handler: get },
];
