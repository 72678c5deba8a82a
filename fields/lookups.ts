// What the lookups (getNotice, getDomain, getPurpose, getVendor, getPartnerCategories) take and return: shared by
// the SDK's functions (sdk/lookups.ts) and their implementation in the provider package (provider/lookups.ts).

/** Where to look: the stack config (`didomi:organizationId`, `didomi:baseUrl`) unless given. */
export interface LookupConnection {
  organizationId?: string;
  baseUrl?: string;
}

/** A notice by exactly one of its id, its external id, or its name (live notices only for the last two). */
export type NoticeLookup = LookupConnection & ({ id: string } | { externalId: string } | { name: string });

export interface NoticeResult {
  id: string;
  name: string;
  organizationId: string;
  environment?: string;
  externalId?: string;
  externalSource?: string;
  /** Set when the notice is archived. */
  archivedAt?: string;
  createdAt: string;
}

export type DomainLookup = LookupConnection & { domain: string };

export interface DomainResult {
  domain: string;
  organizationId: string;
  usage: string;
  status: string;
  type: string;
  enabled: boolean;
  description?: string;
  entityId?: string;
}

/** A purpose, the organization's or a global one (IAB, Didomi), by id or by its name in any language. */
export type PurposeLookup = LookupConnection & ({ id: string } | { name: string });

export interface PurposeResult {
  id: string;
  /** The id notices use in their SDK configuration. */
  sdkId: string;
  /** By language. */
  name: Record<string, string>;
  /** A global purpose (IAB, Didomi) belongs to no organization. */
  global: boolean;
}

/** A vendor, the organization's or a global one, by id or by name. */
export type VendorLookup = LookupConnection & ({ id: string } | { name: string });

export interface VendorResult {
  id: string;
  /** The id notices use in their SDK configuration (`vendors.custom` for the organization's, `vendors.didomi` for Didomi's). */
  sdkId: string;
  name: string;
  categoryId: string;
  global: boolean;
  deprecated: boolean;
  purposeIds: string[];
  legitimateInterestPurposeIds: string[];
}

export interface PartnerCategoryResult {
  id: string;
  /** By language. */
  name: Record<string, string>;
}

/** The lookups, as the provider package implements them. */
export interface Lookups {
  getNotice(args: NoticeLookup): Promise<NoticeResult>;
  getDomain(args: DomainLookup): Promise<DomainResult>;
  getPurpose(args: PurposeLookup): Promise<PurposeResult>;
  getVendor(args: VendorLookup): Promise<VendorResult>;
  getPartnerCategories(args?: LookupConnection): Promise<PartnerCategoryResult[]>;
}
