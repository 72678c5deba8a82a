// Lookups of objects a program does not manage (a notice made by another team, a global purpose by name, the
// partner categories), through the shared client. Each finds exactly one object or says why not.
import { z } from "zod";
import type { Lookups, LookupConnection } from "../fields/lookups";
import { domainSchema, noticeSchema, partnerSchema, purposeSchema, type Partner, type Purpose, type Query } from "./client";
import { connect } from "./config";
import { compact } from "./lifecycle";
import { vendorSdkId } from "./resources/vendor";

const categorySchema = z.looseObject({ id: z.string(), name: z.record(z.string(), z.string()).nullish() });

/** The one object found, or an error that says which of none or several it was. */
function exactlyOne<T extends { id: string }>(kind: string, found: T[], criterion: string, organizationId: string, fix: string): T {
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new Error(`get${kind}: no ${kind.toLowerCase()} has ${criterion} in organization ${organizationId}`);
  throw new Error(`get${kind}: ${found.length} ${kind.toLowerCase()}s have ${criterion} in organization ${organizationId} (ids ${found.map((o) => o.id).join(", ")}); ${fix}`);
}

/** The one criterion of a lookup among `keys`, or an error naming them. */
function criterionOf<K extends string>(kind: string, args: object, keys: readonly K[]): [K, string] {
  const given = keys.filter((key) => typeof (args as Record<string, unknown>)[key] === "string");
  if (given.length !== 1) throw new Error(`get${kind}: give exactly one of ${keys.join(", ")} (got ${given.length === 0 ? "none" : given.join(" and ")})`);
  return [given[0]!, (args as Record<string, string>)[given[0]!]!];
}

const purposeSdkId = (purpose: Purpose) => purpose.namespaces?.didomi ?? purpose.id;

export const lookups: Lookups = {
  async getNotice(args) {
    const { client, organizationId } = connect(args as LookupConnection);
    const [key, value] = criterionOf("Notice", args, ["id", "externalId", "name"] as const);
    const query: Query = key === "id" ? { id: value } : { [key === "externalId" ? "external_id" : "name"]: value, archived_at: null };
    const found = await client.list("/widgets/notices", noticeSchema, { organizationId, query });
    const notice = exactlyOne("Notice", found, `the ${key === "externalId" ? "external id" : key} "${value}"`, organizationId, "look it up by id or externalId");
    return compact({
      id: notice.id,
      name: notice.name,
      organizationId: notice.organization_id,
      environment: notice.environment ?? undefined,
      externalId: notice.external_id ?? undefined,
      externalSource: notice.external_source ?? undefined,
      archivedAt: notice.archived_at ?? undefined,
      createdAt: notice.created_at!,
    });
  },

  async getDomain(args) {
    const { client, organizationId } = connect(args);
    const found = await client.list("/domains", domainSchema, { organizationId, query: { id: args.domain } });
    const domain = exactlyOne("Domain", found, `the name "${args.domain}"`, organizationId, "");
    return compact({
      domain: domain.id,
      organizationId: domain.organization_id,
      usage: domain.usage,
      status: domain.status,
      type: domain.type,
      enabled: domain.enabled,
      description: domain.description ?? undefined,
      entityId: domain.entity_id ?? undefined,
    });
  },

  async getPurpose(args) {
    const { client, organizationId } = connect(args as LookupConnection);
    const [key, value] = criterionOf("Purpose", args, ["id", "name"] as const);
    const candidates = await client.list("/metadata/purposes", purposeSchema, { organizationId, query: key === "id" ? { id: value } : {} });
    // a name is matched in any of its languages: the API cannot filter on translations
    const found = key === "id" ? candidates : candidates.filter((purpose) => Object.values(purpose.description ?? {}).includes(value));
    const purpose = exactlyOne("Purpose", found, `the ${key} "${value}"`, organizationId, "look it up by id");
    return { id: purpose.id, sdkId: purposeSdkId(purpose), name: (purpose.description ?? {}) as Record<string, string>, global: !purpose.organization_id };
  },

  async getVendor(args) {
    const { client, organizationId } = connect(args as LookupConnection);
    const [key, value] = criterionOf("Vendor", args, ["id", "name"] as const);
    const found = await client.list("/metadata/partners", partnerSchema, { organizationId, query: { [key]: value } });
    const vendor: Partner = exactlyOne("Vendor", found, `the ${key} "${value}"`, organizationId, "look it up by id");
    const ids = (field: string) => (Array.isArray(vendor[field]) ? (vendor[field] as string[]) : []);
    return {
      id: vendor.id,
      sdkId: vendorSdkId(vendor),
      name: vendor.name,
      categoryId: vendor.category_id,
      global: !vendor.organization_id,
      deprecated: vendor.deprecated ?? false,
      purposeIds: ids("default_purposes_id"),
      legitimateInterestPurposeIds: ids("legitimate_interest_purposes_id"),
    };
  },

  async getPartnerCategories(args = {}) {
    const { client, organizationId } = connect(args);
    const categories = await client.list("/metadata/partners-categories", categorySchema, { organizationId });
    return categories.map((category) => ({ id: category.id, name: category.name ?? {} }));
  },
};
