// /organizations (BEHAVIOR.md §3): read only; an API key sees its own organization. Organizations come from the seed.
import { notFoundId } from "../errors";
import { matchesFilters, parseListQuery } from "../query";
import { ok, pageReply, type RequestContext, type Route } from "./context";

const FIELDS = ["id", "name", "website", "public_api_key", "created_at", "updated_at", "version"] as const;

function callerOrganization(ctx: RequestContext) {
  return ctx.store.state.organizations.get(ctx.caller.organizationId);
}

function list(ctx: RequestContext) {
  const query = parseListQuery(ctx.query, FIELDS, ctx.settings);
  const own = callerOrganization(ctx);
  return pageReply(ctx, own ? [own] : [], query, undefined);
}

function get(ctx: RequestContext) {
  const query = parseListQuery(ctx.query, FIELDS, ctx.settings);
  const own = callerOrganization(ctx);
  if (!own || own.id !== ctx.params.id || !matchesFilters(own, query.filters)) throw notFoundId(ctx.params.id);
  return ok(own);
}

export const organizationRoutes: Route[] = [
  { method: "GET", path: "/v1/organizations", handler: list },
  { method: "GET", path: "/v1/organizations/:id", handler: get },
];
