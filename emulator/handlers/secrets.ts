// /secrets (BEHAVIOR.md §5): the server generates the value; at most `quotas.secrets` per organization.
import { randomSecret, type SecretRecord } from "../store";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  assertAccessible,
  assertQueryOrganization,
  created,
  findVisible,
  listReply,
  ok,
  quotaExceeded,
  updateInput,
  validated,
  type RequestContext,
  type Route,
  type UpdateRules,
} from "./context";

const FIELDS = ["id", "organization_id", "name", "description", "secret", "created_at", "updated_at", "version"] as const;
const NULLABLE = ["description"];
const UPDATE_RULES: UpdateRules = {
  schema: "secrets-input",
  immutable: ["id", "organization_id", "secret"],
  ignored: SERVER_MAINTAINED,
  secret: ["secret"],
  nullable: NULLABLE,
  replaceDefaults: { description: null },
  requiredOnReplace: ["name"],
};

/** Reads show the value unless `secretValueOnRead` is off (the create response always shows it). */
function readView(ctx: RequestContext) {
  return (secret: SecretRecord) => {
    if (ctx.settings.secretValueOnRead) return secret;
    const { secret: _value, ...shown } = secret;
    return shown;
  };
}

function list(ctx: RequestContext) {
  return listReply(ctx, ctx.store.state.secrets.values(), { fields: FIELDS, view: readView(ctx) });
}

function create(ctx: RequestContext) {
  assertQueryOrganization(ctx);
  const input = validated(ctx, "secrets-input", ctx.body, { nullable: NULLABLE });
  assertAccessible(ctx, input.organization_id, "organization_id");
  const { secrets } = ctx.store.state;
  const owned = [...secrets.values()].filter((secret) => secret.organization_id === ctx.caller.organizationId).length;
  if (owned >= ctx.settings.quotas.secrets) throw quotaExceeded(ctx, "secrets");
  const id = ctx.store.newId(secrets);
  const secret: SecretRecord = {
    id,
    organization_id: ctx.caller.organizationId,
    name: input.name as string,
    description: (input.description as string | undefined) ?? null,
    secret: randomSecret(),
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
  };
  secrets.set(id, secret);
  return created(ctx, secret);
}

function get(ctx: RequestContext) {
  return ok(readView(ctx)(findVisible(ctx, ctx.store.state.secrets, ctx.params.id, FIELDS)));
}

function update(ctx: RequestContext) {
  const secret = findVisible(ctx, ctx.store.state.secrets, ctx.params.id, FIELDS);
  applyUpdate(ctx, secret, updateInput(ctx, secret, UPDATE_RULES));
  return ok(readView(ctx)(secret));
}

function remove(ctx: RequestContext) {
  const secret = findVisible(ctx, ctx.store.state.secrets, ctx.params.id, FIELDS);
  ctx.store.state.secrets.delete(secret.id);
  return ok(readView(ctx)(secret));
}

export const secretRoutes: Route[] = [
  { method: "GET", path: "/v1/secrets", handler: list },
  { method: "POST", path: "/v1/secrets", handler: create },
  { method: "GET", path: "/v1/secrets/:id", handler: get },
  { method: "PATCH", path: "/v1/secrets/:id", handler: update },
  { method: "PUT", path: "/v1/secrets/:id", handler: update },
  { method: "DELETE", path: "/v1/secrets/:id", handler: remove },
];
