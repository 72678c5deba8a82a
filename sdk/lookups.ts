// Lookups of Didomi objects a program does not manage: a notice made by another team, a domain, a global IAB or
// Didomi purpose by name, a vendor, the partner categories. Each is a plain async function returning typed data,
// and an `…Output` variant that takes `pulumi.Input`s and returns a `pulumi.Output`, in Pulumi's convention.
// They run in the program's process, with the stack's `didomi:*` config (else DIDOMI_*), through the same client
// as the resources, loaded by package name like the provider shim (no import of provider/ here).
import * as pulumi from "@pulumi/pulumi";
import type {
  DomainLookup,
  DomainResult,
  LookupConnection,
  Lookups,
  NoticeLookup,
  NoticeResult,
  PartnerCategoryResult,
  PurposeLookup,
  PurposeResult,
  VendorLookup,
  VendorResult,
} from "../fields/lookups";

export type * from "../fields/lookups";

/** The provider package's lookups, configured with this stack's config. */
function provider(): Lookups {
  const implementation = require("pulumi-didomi/provider");
  implementation.configure((key: string) => pulumi.runtime.getConfig(key));
  return implementation.lookups;
}

/** A notice by exactly one of `id`, `externalId` or `name`; fails when none or several match. */
export const getNotice = (args: NoticeLookup): Promise<NoticeResult> => provider().getNotice(args);
/** A domain by its name; fails when the organization has none. */
export const getDomain = (args: DomainLookup): Promise<DomainResult> => provider().getDomain(args);
/** A purpose, the organization's or a global one (IAB, Didomi), by `id` or by its name in any language. */
export const getPurpose = (args: PurposeLookup): Promise<PurposeResult> => provider().getPurpose(args);
/** A vendor, the organization's or a global one, by `id` or `name`. */
export const getVendor = (args: VendorLookup): Promise<VendorResult> => provider().getVendor(args);
/** The partner categories a {@link Vendor}'s `categoryId` takes. */
export const getPartnerCategories = (args?: LookupConnection): Promise<PartnerCategoryResult[]> => provider().getPartnerCategories(args);

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export const getNoticeOutput = (args: Inputs<NoticeLookup>): pulumi.Output<NoticeResult> => pulumi.output(args).apply((plain) => getNotice(plain as NoticeLookup));
export const getDomainOutput = (args: Inputs<DomainLookup>): pulumi.Output<DomainResult> => pulumi.output(args).apply((plain) => getDomain(plain as DomainLookup));
export const getPurposeOutput = (args: Inputs<PurposeLookup>): pulumi.Output<PurposeResult> => pulumi.output(args).apply((plain) => getPurpose(plain as PurposeLookup));
export const getVendorOutput = (args: Inputs<VendorLookup>): pulumi.Output<VendorResult> => pulumi.output(args).apply((plain) => getVendor(plain as VendorLookup));
export const getPartnerCategoriesOutput = (args: Inputs<LookupConnection> = {}): pulumi.Output<PartnerCategoryResult[]> =>
  pulumi.output(args).apply((plain) => getPartnerCategories(plain as LookupConnection));
