import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field, group } from "./define";

const purposeIds = () => z.array(z.string().min(1)).optional();
const url = () =>
  z.url({ protocol: /^https?$/, error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL; use one such as "https://vendor.example/privacy"` }).optional();

/** A vendor's ids in other vendor lists and SDKs. */
export class VendorNamespacesFields {
  /** ID of the vendor in the IAB TCF version 1. */
  iab = field(z.string().optional());
  /** ID of the vendor in the IAB TCF version 2. */
  iab2 = field(z.string().optional());
  /** ID of the vendor in the Didomi SDK. */
  didomi = field(z.string().optional());
  /** Your own id for the vendor. */
  custom = field(z.string().optional());
  /** ID of the vendor for Google DFP/GAM. */
  google = field(z.string().optional());
}

/** Arguments of a {@link Vendor}. */
export class VendorInputs {
  /**
   * The vendor's name, as users see it; also how an existing custom vendor is found for adoption (keep names
   * unique in the organization).
   *
   * @example "Acme Analytics"
   */
  name = field(naturalKey(), { naturalKey: true });
  /**
   * The vendor's category: an id from the organization's partner categories (`GET /metadata/partners-categories`).
   *
   * @example "analytics"
   */
  categoryId = field(z.string().min(1));
  /**
   * Purposes the vendor processes data for with consent as legal basis: purpose ids, or {@link Purpose} ids.
   * Order does not matter.
   */
  purposeIds = field(purposeIds(), { unordered: true, apiName: "default_purposes_id" });
  /** Purposes the vendor processes data for with legitimate interest as legal basis. Order does not matter. */
  legitimateInterestPurposeIds = field(purposeIds(), { unordered: true, apiName: "legitimate_interest_purposes_id" });
  /** Purposes for which the vendor processes sensitive personal information. Order does not matter. */
  spiPurposeIds = field(purposeIds(), { unordered: true, apiName: "spi_purposes_id" });
  /** Extra classification labels. Order does not matter. */
  tags = field(z.array(z.string()).optional(), { unordered: true });
  /** How to reach someone at the vendor. */
  contact = field(z.string().optional(), { clearable: true });
  /** The vendor's website. */
  website = field(url(), { clearable: true });
  /** Where users can opt out of the vendor's data collection. */
  websiteOptout = field(url(), { clearable: true });
  /**
   * The DNS names that belong to the vendor, for the consent notice's blocking. Order does not matter.
   *
   * @example ["cdn.acme-analytics.example"]
   */
  hosts = field(z.array(z.string().min(1)).optional(), { unordered: true });
  /** Regular expressions of URLs that identify the vendor. */
  urlPatterns = field(z.array(z.string().min(1)).optional());
  /** The id of the taxonomy item that classifies the vendor. */
  taxonomyId = field(z.string().optional(), { clearable: true });
  /** The two-letter ISO country where the vendor is located. */
  country = field(
    z.string().regex(/^[A-Z]{2}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a two-letter ISO country code such as "FR"` }).optional(),
    { clearable: true },
  );
  /** The vendor's ids in other vendor lists and SDKs. */
  namespaces = group(new VendorNamespacesFields());
  /** How long the vendor's cookies live (in `cookieMaxDurationUnit`). At least 0. */
  cookieMaxDuration = field(z.number().min(0).optional());
  /** Unit of `cookieMaxDuration`. */
  cookieMaxDurationUnit = field(z.enum(["months", "days", "seconds"]).optional());
  /** Whether the vendor stores data by other means than cookies. */
  usesNonCookieAccess = field(z.boolean().optional());
  /** Free-form notes. */
  notes = field(z.string().optional(), { clearable: true });
  /**
   * Deprecated vendors cannot be added to notices or privacy centers, but stay where they are used.
   *
   * @default false
   */
  deprecated = field(z.boolean().optional());
  /**
   * What deleting the resource does. `deprecate` keeps the vendor in Didomi, deprecated, so that notices that
   * still list it keep working; `delete` removes it.
   *
   * @default "deprecate"
   */
  onDelete = field(z.enum(["deprecate", "delete"]).optional(), { providerOnly: true });
}

export class VendorOutputs {
  /** The id by which notices refer to the vendor in their SDK configuration. */
  sdkId = field(z.string());
}

export const vendorFields = resource("Vendor", { inputs: new VendorInputs(), outputs: new VendorOutputs(), adoptable: true });
