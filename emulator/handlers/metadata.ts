// Data Manager (/metadata: partners, purposes, purposes-groups, partners-categories) and notice templates
// (/widgets/notices/templates and their configs), BEHAVIOR.md §10.3 and openapi.yml. Decisions where the contract
// is silent are in docs/emulator.md ("Data Manager").
//
// Global objects (organization_id null: Didomi's and IAB's lists) are visible to every organization, and an
// `organization_id` filter matches them too, as they belong to every organization; none can be changed.
import type { BodySchemaName } from "../contract";
import { badRequest, forbidden, notFoundId } from "../errors";
import { page, parseListQuery } from "../query";
import type { MetadataRecord, State } from "../store";
import {
  SERVER_MAINTAINED,
  applyUpdate,
  assertAccessible,
  assertQueryOrganization,
  created,
  fieldError,
  isJsonObject,
  ok,
  updateInput,
  validated,
  type JsonObject,
  type RequestContext,
  type Route,
} from "./context";

interface MetadataCollection {
  /** "/v1/metadata/partners" */
  path: string;
  /** "vendor", for messages. */
  noun: string;
  records: (state: State) => Map<string, MetadataRecord>;
  createSchema: BodySchemaName;
  updateSchema: BodySchemaName;
  /** Response fields, which lists may filter and sort on. */
  fields: readonly string[];
  /** Fields a new object gets when the body leaves them out. */
  defaults: JsonObject;
  /** Rules across collections (known category, known purposes), checked on create and update. */
  check?: (ctx: RequestContext, input: JsonObject) => void;
  /** What else goes with a deleted object. */
  onDelete?: (ctx: RequestContext, record: MetadataRecord) => void;
  /** What else comes with a created object. */
  onCreate?: (ctx: RequestContext, record: MetadataRecord) => void;
}

const isVisible = (ctx: RequestContext, record: MetadataRecord) =>
  record.organization_id === null || record.organization_id === ctx.caller.organizationId;

function list(collection: MetadataCollection) {
  return (ctx: RequestContext) => {
    const query = parseListQuery(ctx.query, collection.fields, ctx.settings);
    const orgFilter = query.filters.find((filter) => filter.field === "organization_id");
    if (!orgFilter && ctx.settings.requireOrgIdOnList) {
      throw badRequest(`The organization_id query parameter is required on lists: add ?organization_id=${ctx.caller.organizationId}`, {
        organization_id: "is required",
      });
    }
    for (const organizationId of orgFilter?.values ?? []) assertAccessible(ctx, organizationId, "organization_id filter");
    // the organization filter is visibility here: the organization's objects and the global ones
    const filtered = { ...query, filters: query.filters.filter((filter) => filter.field !== "organization_id") };
    const { total, data } = page([...collection.records(ctx.store.state).values()].filter((record) => isVisible(ctx, record)), filtered);
    return ok(ctx.settings.listShape === "array" ? data : { total, limit: query.limit, skip: query.skip, data });
  };
}

function visible(ctx: RequestContext, collection: MetadataCollection): MetadataRecord {
  const record = collection.records(ctx.store.state).get(ctx.params.id!);
  if (!record || !isVisible(ctx, record)) throw notFoundId(ctx.params.id!);
  return record;
}

/** The organization's own object: a global one is Didomi's, read-only for everyone. */
function owned(ctx: RequestContext, collection: MetadataCollection): MetadataRecord {
  const record = visible(ctx, collection);
  if (record.organization_id === null) {
    throw forbidden(`${record.id} is a global ${collection.noun} (Didomi's or IAB's list) and cannot be changed; create a custom ${collection.noun} instead`);
  }
  return record;
}

function create(collection: MetadataCollection) {
  return (ctx: RequestContext) => {
    assertQueryOrganization(ctx);
    // unset fields read back as null: a client that sends them back so is not refused
    const input = validated(ctx, collection.createSchema, ctx.body, { nullable: Object.keys(collection.defaults) });
    if (input.organization_id !== undefined) assertAccessible(ctx, input.organization_id, "organization_id");
    collection.check?.(ctx, input);
    const records = collection.records(ctx.store.state);
    const id = ctx.store.newId(records);
    const record: MetadataRecord = {
      ...collection.defaults,
      ...input,
      id,
      organization_id: ctx.caller.organizationId,
      created_at: ctx.at,
      updated_at: ctx.at,
      version: 0,
    };
    records.set(id, record);
    collection.onCreate?.(ctx, record);
    return created(ctx, record);
  };
}

function update(collection: MetadataCollection) {
  return (ctx: RequestContext) => {
    const record = owned(ctx, collection);
    const input = updateInput(ctx, record, {
      schema: collection.updateSchema,
      immutable: ["id", "organization_id"],
      ignored: SERVER_MAINTAINED,
      nullable: Object.keys(collection.defaults),
      replaceDefaults: collection.defaults,
      requiredOnReplace: [],
    });
    collection.check?.(ctx, input);
    applyUpdate(ctx, record, input);
    return ok(record);
  };
}

function remove(collection: MetadataCollection) {
  return (ctx: RequestContext) => {
    const record = owned(ctx, collection);
    collection.records(ctx.store.state).delete(record.id);
    collection.onDelete?.(ctx, record);
    return ok(record);
  };
}

function routesOf(collection: MetadataCollection): Route[] {
  return [
    { method: "GET", path: collection.path, handler: list(collection) },
    { method: "POST", path: collection.path, handler: create(collection) },
    { method: "GET", path: `${collection.path}/:id`, handler: (ctx) => ok(visible(ctx, collection)) },
    { method: "PATCH", path: `${collection.path}/:id`, handler: update(collection) },
    { method: "PUT", path: `${collection.path}/:id`, handler: update(collection) },
    { method: "DELETE", path: `${collection.path}/:id`, handler: remove(collection) },
  ];
}

// ---- rules across collections ------------------------------------------------------------------------------

/** 400 unless every id in `field` is a purpose the caller sees (its own or a global one). */
function assertPurposes(ctx: RequestContext, input: JsonObject, field: string): void {
  const ids = input[field];
  if (ids === undefined || ids === null) return;
  const unknown = (ids as string[]).filter((id) => {
    const purpose = ctx.store.state.purposes.get(id);
    return !purpose || !isVisible(ctx, purpose);
  });
  if (unknown.length > 0) throw fieldError(field, ids, `names unknown purposes ${unknown.map((id) => JSON.stringify(id)).join(", ")}; use ids of GET /metadata/purposes`);
}

const PURPOSE_LISTS = ["default_purposes_id", "legitimate_interest_purposes_id", "spi_purposes_id"] as const;

const partners: MetadataCollection = {
  path: "/v1/metadata/partners",
  noun: "vendor",
  records: (state) => state.partners,
  createSchema: "partners-input",
  updateSchema: "partners-input",
  fields: ["id", "organization_id", "name", "category_id", "deprecated", "country", "taxonomy_id", "created_at", "updated_at", "version"],
  defaults: {
    default_purposes_id: [], legitimate_interest_purposes_id: [], spi_purposes_id: [], deprecated: false,
    notes: null, contact: null, website: null, website_optout: null, taxonomy_id: null, country: null,
  },
  check(ctx, input) {
    if (input.category_id !== undefined && !ctx.store.state.partnerCategories.has(input.category_id as string)) {
      throw fieldError("category_id", input.category_id, `is not a partner category; use one of ${[...ctx.store.state.partnerCategories.keys()].join(", ")}`);
    }
    for (const field of PURPOSE_LISTS) assertPurposes(ctx, input, field);
  },
};

const purposes: MetadataCollection = {
  path: "/v1/metadata/purposes",
  noun: "purpose",
  records: (state) => state.purposes,
  createSchema: "purposes-input",
  updateSchema: "purposes-patch-input",
  fields: ["id", "organization_id", "type", "created_at", "updated_at", "version"],
  defaults: { type: "purpose", details: null, enabled_status_description: null, disabled_status_description: null, regulations_id: null },
  check(_ctx, input) {
    if (input.description !== undefined && (!isJsonObject(input.description) || Object.keys(input.description).length === 0)) {
      throw fieldError("description", input.description, "must name the purpose in at least one language, e.g. {\"en\": \"Analytics\"}");
    }
  },
  // a deleted purpose leaves the organization's vendors and groups that listed it (docs/emulator.md)
  onDelete(ctx, purpose) {
    const own = (record: MetadataRecord) => record.organization_id === ctx.caller.organizationId;
    for (const partner of [...ctx.store.state.partners.values()].filter(own)) {
      for (const field of PURPOSE_LISTS) {
        if (Array.isArray(partner[field])) partner[field] = (partner[field] as string[]).filter((id) => id !== purpose.id);
      }
    }
    for (const group of [...ctx.store.state.purposeGroups.values()].filter(own)) {
      if (Array.isArray(group.purposes_id)) group.purposes_id = (group.purposes_id as string[]).filter((id) => id !== purpose.id);
    }
  },
};

const purposeGroups: MetadataCollection = {
  path: "/v1/metadata/purposes-groups",
  noun: "purpose group",
  records: (state) => state.purposeGroups,
  createSchema: "purposes-group-input",
  updateSchema: "purposes-group-input",
  fields: ["id", "organization_id", "name", "created_at", "updated_at", "version"],
  defaults: { description: null, purposes_id: [] },
  check: (ctx, input) => assertPurposes(ctx, input, "purposes_id"),
};

const partnerCategories = {
  path: "/v1/metadata/partners-categories",
  records: (state: State) => state.partnerCategories,
  fields: ["id", "organization_id", "created_at"],
};

const templateConfigs = {
  path: "/v1/widgets/notices/templates/configs",
  records: (state: State) => state.templateConfigs,
  fields: ["id", "organization_id", "template_id", "created_at", "updated_at", "version"],
};

const templates: MetadataCollection = {
  path: "/v1/widgets/notices/templates",
  noun: "notice template",
  records: (state) => state.templates,
  createSchema: "notices-templates-input",
  updateSchema: "notices-templates-input",
  fields: ["id", "organization_id", "name", "created_at", "updated_at", "version"],
  defaults: { notices_id: [] },
  check(ctx, input) {
    const ids = (input.notices_id as string[] | undefined) ?? [];
    const unknown = ids.filter((id) => ctx.store.state.notices.get(id)?.organization_id !== ctx.caller.organizationId);
    if (unknown.length > 0) throw fieldError("notices_id", input.notices_id, `names notices this organization does not have: ${unknown.join(", ")}`);
  },
  // Didomi creates the template's one configuration with it, and removes it with it (BEHAVIOR §10.3)
  onCreate(ctx, template) {
    const id = ctx.store.newId(ctx.store.state.templateConfigs);
    const stamp = { created_at: ctx.at, updated_at: ctx.at, version: 0 };
    ctx.store.state.templateConfigs.set(id, { id, organization_id: template.organization_id, template_id: template.id, config: {}, ...stamp });
  },
  onDelete(ctx, template) {
    for (const config of [...ctx.store.state.templateConfigs.values()]) {
      if (config.template_id === template.id) ctx.store.state.templateConfigs.delete(config.id);
    }
  },
};

/** Template configurations exist through their template: read, PATCH or PUT `config`; no POST of their own. */
const templateConfigCollection: MetadataCollection = {
  ...templateConfigs,
  noun: "notice template configuration",
  createSchema: "notices-templates-configs-input",
  updateSchema: "notices-templates-configs-input",
  defaults: { config: {} },
  check(ctx, input) {
    if (input.template_id !== undefined && input.template_id !== ctx.store.state.templateConfigs.get(ctx.params.id!)?.template_id) {
      throw fieldError("template_id", input.template_id, "cannot be changed: a configuration belongs to its template");
    }
  },
};

/** POST /metadata/partners/deprecate {id}: the vendor stays where it is used but can no longer be added. */
function deprecate(ctx: RequestContext): ReturnType<Route["handler"]> {
  if (!isJsonObject(ctx.body) || typeof ctx.body.id !== "string") throw fieldError("id", isJsonObject(ctx.body) ? ctx.body.id : ctx.body, "is required: the id of the vendor to deprecate");
  const record = owned({ ...ctx, params: { id: ctx.body.id } }, partners);
  applyUpdate(ctx, record, { deprecated: true });
  return created(ctx, record);
}

export const metadataRoutes: Route[] = [
  { method: "POST", path: "/v1/metadata/partners/deprecate", handler: deprecate },
  ...routesOf(partners),
  ...routesOf(purposes),
  ...routesOf(purposeGroups),
  { method: "GET", path: partnerCategories.path, handler: list({ ...partners, ...partnerCategories }) },
  { method: "GET", path: `${partnerCategories.path}/:id`, handler: (ctx) => ok(visible(ctx, { ...partners, ...partnerCategories })) },
  ...routesOf(templateConfigCollection).filter((route) => route.method !== "POST"),
  ...routesOf(templates),
];
