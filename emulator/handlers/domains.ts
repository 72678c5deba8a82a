// /domains (BEHAVIOR.md §6): the id is the FQDN; `type` follows `managedZones`; the status machine of §6.3 with
// asynchronous provisioning (scheduled → deploying → ready | failed) and deletion (to_be_deleted → deleting → gone |
// failed).
import { badRequest, conflict } from "../errors";
import type { DomainRecord, DomainStatus } from "../store";
import { cancelTransitions, scheduleTransition } from "../transitions";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  assertAccessible,
  assertQueryOrganization,
  created,
  fieldError,
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
  "description",
  "enabled",
  "entity_id",
  "type",
  "status",
  "usage",
  "bots_crawl",
  "created_at",
  "updated_at",
  "version",
] as const;
const NULLABLE = ["description"];
/** A PUT keeps the status when it omits it: the status is a lifecycle, not a writable default. */
const UPDATE_RULES: UpdateRules = {
  schema: "domains-input-update",
  immutable: ["id", "organization_id", "usage", "type"],
  ignored: SERVER_MAINTAINED,
  nullable: NULLABLE,
  replaceDefaults: { description: null, enabled: true, entity_id: null, bots_crawl: "allow_all" },
  requiredOnReplace: [],
};
const USAGES = ["cmp", "privacy-center", "preference-center"];
const STATUSES: DomainStatus[] = ["draft", "scheduled", "to_be_deleted", "deploying", "deleting", "failed", "ready"];
/** Lowercase labels of letters, digits and inner hyphens; at least two labels; an alphabetic top-level label. */
const FQDN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The statuses a client may request, and the statuses each may be requested from. */
const CLIENT_TRANSITIONS: Partial<Record<DomainStatus, DomainStatus[]>> = {
  scheduled: ["draft", "failed"],
  to_be_deleted: ["draft", "ready", "failed"],
};
const TRANSITION_RULE =
  'a client may set "scheduled" from draft or failed, and "to_be_deleted" from draft, ready or failed; ' +
  "deploying, deleting, ready and failed are set by the server";

function domainType(ctx: RequestContext, fqdn: string): DomainRecord["type"] {
  return ctx.settings.managedZones.some((zone) => fqdn.endsWith(`.${zone}`)) ? "managed" : "custom";
}

/** The outcome a failure setting (`failDomainsRegex`, `failDomainDeletionsRegex`) gives a domain. */
function outcomeFor(domain: DomainRecord, failRegex: string | null): "success" | "failure" {
  return failRegex !== null && new RegExp(failRegex).test(domain.id) ? "failure" : "success";
}

function scheduleProvisioning(ctx: RequestContext, domain: DomainRecord): void {
  scheduleTransition(
    ctx.store.state,
    { kind: "domain-provision", id: domain.id, outcome: outcomeFor(domain, ctx.settings.failDomainsRegex) },
    ctx.settings.domainProvisionDelayMs,
    ctx.now,
  );
}

function scheduleDeletion(ctx: RequestContext, domain: DomainRecord): void {
  scheduleTransition(
    ctx.store.state,
    { kind: "domain-delete", id: domain.id, outcome: outcomeFor(domain, ctx.settings.failDomainDeletionsRegex) },
    ctx.settings.domainDeleteDelayMs,
    ctx.now,
  );
}

function list(ctx: RequestContext) {
  return listReply(ctx, ctx.store.state.domains.values(), { fields: FIELDS });
}

function create(ctx: RequestContext) {
  assertQueryOrganization(ctx);
  const input = validated(ctx, "domains-input-create", ctx.body, { nullable: NULLABLE });
  assertAccessible(ctx, input.organization_id, "organization_id");
  const fqdn = input.id as string;
  if (!FQDN.test(fqdn)) {
    throw fieldError("id", fqdn, "must be a lowercase fully qualified domain name such as privacy.example.com");
  }
  if (!USAGES.includes(input.usage as string)) throw fieldError("usage", input.usage, `must be one of: ${USAGES.join(", ")}`);
  const status = (input.status ?? "draft") as DomainStatus;
  if (status !== "draft" && status !== "scheduled") {
    throw fieldError("status", status, 'must be "draft" (the default) or "scheduled" on creation');
  }
  const { domains } = ctx.store.state;
  if (domains.has(fqdn)) {
    throw conflict(`Domain ${fqdn} already exists`, { id: "a domain with this FQDN already exists" });
  }
  const domain: DomainRecord = {
    id: fqdn,
    organization_id: ctx.caller.organizationId,
    description: (input.description as string | undefined) ?? null,
    enabled: (input.enabled as boolean | undefined) ?? true,
    entity_id: (input.entity_id as string | null | undefined) ?? null,
    type: domainType(ctx, fqdn),
    status,
    usage: input.usage as string,
    bots_crawl: (input.bots_crawl as string | undefined) ?? "allow_all",
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  };
  domains.set(fqdn, domain);
  if (status === "scheduled") scheduleProvisioning(ctx, domain);
  return created(ctx, domain);
}

function get(ctx: RequestContext) {
  return ok(findVisible(ctx, ctx.store.state.domains, ctx.params.id, FIELDS));
}

function update(ctx: RequestContext) {
  const domain = findVisible(ctx, ctx.store.state.domains, ctx.params.id, FIELDS);
  const input = updateInput(ctx, domain, UPDATE_RULES);
  const requested = input.status as DomainStatus | undefined;
  const statusChanges = requested !== undefined && requested !== domain.status;
  if (statusChanges) {
    if (!STATUSES.includes(requested)) throw fieldError("status", requested, `must be one of: ${STATUSES.join(", ")}`);
    if (!CLIENT_TRANSITIONS[requested]?.includes(domain.status)) {
      throw fieldError("status", requested, `cannot follow "${domain.status}": ${TRANSITION_RULE}`);
    }
    const entityId = input.entity_id !== undefined ? input.entity_id : domain.entity_id;
    if (requested === "to_be_deleted" && entityId !== null) {
      throw badRequest(
        `Domain is still used by entity ${entityId}: set entity_id to null (in this request or before) to delete it`,
        { entity_id: "must be null to delete the domain" },
      );
    }
  }
  applyUpdate(ctx, domain, input);
  if (statusChanges && requested === "scheduled") scheduleProvisioning(ctx, domain);
  if (statusChanges && requested === "to_be_deleted") scheduleDeletion(ctx, domain);
  return ok(domain);
}

function remove(ctx: RequestContext) {
  const domain = findVisible(ctx, ctx.store.state.domains, ctx.params.id, FIELDS);
  if (domain.type === "custom") {
    throw badRequest(
      `Custom domains must be deleted by setting status to to_be_deleted: PATCH /domains/${domain.id} ` +
        `{"status":"to_be_deleted"} (DELETE only removes managed domains)`,
    );
  }
  ctx.store.state.domains.delete(domain.id);
  cancelTransitions(ctx.store.state, domain.id);
  return ok(domain);
}

export const domainRoutes: Route[] = [
  { method: "GET", path: "/v1/domains", handler: list },
  { method: "POST", path: "/v1/domains", handler: create },
  { method: "GET", path: "/v1/domains/:id", handler: get },
  { method: "PATCH", path: "/v1/domains/:id", handler: update },
  { method: "PUT", path: "/v1/domains/:id", handler: update },
  { method: "DELETE", path: "/v1/domains/:id", handler: remove },
];
