// /keys (BEHAVIOR.md §4): the secret appears only in the POST response; internal keys are hidden from lists unless
// filtered with is_internal=true; names are unique per organization (409).
import { conflict } from "../errors";
import { randomSecret, type ApiKeyRecord } from "../store";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  assertAccessible,
  assertQueryOrganization,
  created,
  findVisible,
  listReply,
  ok,
  requireFields,
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
  "description",
  "enabled",
  "is_internal",
  "created_at",
  "updated_at",
  "version",
] as const;
const NULLABLE = ["description"];
const UPDATE_RULES: UpdateRules = {
  schema: "keys-input-update",
  immutable: ["id", "organization_id", "is_internal", "secret"],
  ignored: SERVER_MAINTAINED,
  secret: ["secret"],
  nullable: NULLABLE,
  replaceDefaults: { description: null, enabled: true },
  requiredOnReplace: ["name"],
};

/** The key without its secret: what every response but the create one shows. */
function view(key: ApiKeyRecord): Omit<ApiKeyRecord, "secret"> {
  const { secret: _secret, ...shown } = key;
  return shown;
}

function assertUniqueName(ctx: RequestContext, organizationId: string, name: unknown, exceptId?: string): void {
  for (const key of ctx.store.state.apiKeys.values()) {
    if (key.organization_id === organizationId && key.name === name && key.id !== exceptId) {
      throw conflict(`An API key named ${JSON.stringify(name)} already exists in organization "${organizationId}" (${key.id})`, {
        name: "must be unique in the organization",
      });
    }
  }
}

function list(ctx: RequestContext) {
  const showInternal = ctx.query.has("is_internal");
  const keys = [...ctx.store.state.apiKeys.values()].filter((key) => showInternal || !key.is_internal);
  return listReply(ctx, keys, { fields: FIELDS, view });
}

function create(ctx: RequestContext) {
  assertQueryOrganization(ctx);
  const input = validated(ctx, "keys-input-create", ctx.body, { nullable: NULLABLE });
  requireFields(input, ["organization_id", "name"]);
  assertAccessible(ctx, input.organization_id, "organization_id");
  assertUniqueName(ctx, ctx.caller.organizationId, input.name);
  const { apiKeys } = ctx.store.state;
  const id = ctx.store.newId(apiKeys);
  const key: ApiKeyRecord = {
    id,
    organization_id: ctx.caller.organizationId,
    name: input.name as string,
    description: (input.description as string | undefined) ?? null,
    enabled: true,
    is_internal: (input.is_internal as boolean | undefined) ?? false,
    created_at: ctx.at,
    updated_at: ctx.at,
    version: 0,
    secret: randomSecret(),
  };
  apiKeys.set(id, key);
  return created(ctx, key);
}

function get(ctx: RequestContext) {
  return ok(view(findVisible(ctx, ctx.store.state.apiKeys, ctx.params.id, FIELDS)));
}

function update(ctx: RequestContext) {
  const key = findVisible(ctx, ctx.store.state.apiKeys, ctx.params.id, FIELDS);
  const input = updateInput(ctx, key, UPDATE_RULES);
  if (input.name !== undefined) assertUniqueName(ctx, key.organization_id, input.name, key.id);
  applyUpdate(ctx, key, input);
  return ok(view(key));
}

function remove(ctx: RequestContext) {
  const key = findVisible(ctx, ctx.store.state.apiKeys, ctx.params.id, FIELDS);
  ctx.store.state.apiKeys.delete(key.id);
  ctx.store.state.revokedKeyIds.add(key.id);
  return ok(view(key));
}

export const keyRoutes: Route[] = [
  { method: "GET", path: "/v1/keys", handler: list },
  { method: "POST", path: "/v1/keys", handler: create },
  { method: "GET", path: "/v1/keys/:id", handler: get },
  { method: "PATCH", path: "/v1/keys/:id", handler: update },
  { method: "PUT", path: "/v1/keys/:id", handler: update },
  { method: "DELETE", path: "/v1/keys/:id", handler: remove },
];
