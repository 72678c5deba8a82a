import { z } from "zod";
import { resource } from "./common";
import { field, group, listOf } from "./define";

const DURATION_UNIT = z.enum(["months", "days", "seconds"]);
const ENCODING = z.enum(["bit_field_2_bits", "ranges_u16", "ranges_fibonacci"]);
const opaque = () => z.record(z.string(), z.unknown()).optional();
const flag = () => field(z.boolean().optional());
const duration = () => z.number().min(0).optional();
const dateTime = () =>
  z.iso
    .datetime({ error: (issue) => `${JSON.stringify(issue.input)} is not an ISO date-time; use one such as "2026-01-31T00:00:00Z"` })
    .nullable()
    .optional();

/** Consent-mode integrations (Google, Microsoft, Amazon, WordPress) shared by configs and regulation configs. */
export class ConsentModeFields {
  /** Enable Google Consent Mode. */
  gcmEnabled = flag();
  /** Enable Google Consent Mode's IAB TCF integration. */
  gcmTcfEnabled = flag();
  /** Set Google Consent Mode default statuses for analytics and ads before the user chooses. */
  gcmSetDefaultStatus = flag();
  /** Google Consent Mode default for analytics storage. */
  gcmAnalyticsDefaultStatus = flag();
  /** Google Consent Mode default for ads storage. */
  gcmAdsDefaultStatus = flag();
  /** Google Consent Mode default for functionality storage (e.g. language settings). */
  gcmFunctionalityDefaultStatus = flag();
  /** Google Consent Mode default for personalization storage. */
  gcmPersonalizationDefaultStatus = flag();
  /** Google Consent Mode default for security storage. */
  gcmSecurityDefaultStatus = flag();
  /** Google Consent Mode default for ad user data. */
  gcmAdUserDataDefaultStatus = flag();
  /** Google Consent Mode default for ad personalization. */
  gcmAdPersonalizationDefaultStatus = flag();
  /** Forward Google Consent Mode signals to the Firebase SDK (mobile). */
  gcmFirebaseEnabled = flag();
  /** Forward Google Consent Mode signals to the Airbridge SDK (mobile). */
  gcmAirbridgeEnabled = flag();
  /** Forward Google Consent Mode signals to the Kochava SDK (mobile). */
  gcmKochavaEnabled = flag();
  /** Forward Google Consent Mode signals to the Branch SDK (mobile). */
  gcmBranchEnabled = flag();
  /** Forward Google Consent Mode signals to the AppsFlyer SDK (mobile). */
  gcmAppsflyerEnabled = flag();
  /** Enable Microsoft Consent Mode. */
  microsoftEnabled = flag();
  /** Set Microsoft Consent Mode's default ad-storage status before the user chooses. */
  microsoftSetDefaultStatus = flag();
  /** Microsoft Consent Mode default for ad storage. */
  microsoftAdStorageDefaultStatus = flag();
  /** Enable the TCF advertiser consent mode in Microsoft Consent Mode. */
  microsoftEnableTcfAdvertiserConsentMode = flag();
  /** Enable Amazon Consent Mode. */
  amazonEnabled = flag();
  /** Set Amazon Consent Mode's default statuses before the user chooses. */
  amazonSetDefaultStatus = flag();
  /** Amazon Consent Mode default for ad storage. */
  amazonAdStorageDefaultStatus = flag();
  /** Amazon Consent Mode default for ad user data. */
  amazonAdUserDataDefaultStatus = flag();
  /** Enable the WordPress Consent API integration. */
  wordpressEnabled = flag();
}

/** Notice behaviour shared by configs and regulation configs; a regulation config's value overrides the config's. */
export class NoticeBehaviourFields extends ConsentModeFields {
  /** The notice template the config uses, if any. */
  templateId = field(z.string().optional());
  /** Recollect consent given before `ignoreConsentBefore`. */
  enableIgnoreConsentBefore = flag();
  /** Style of the Disagree button. */
  disagreeButtonStyle = field(z.enum(["primary", "secondary"]).optional());
  /** Two-letter ISO country the notice is for. */
  country = field(
    z
      .string()
      .regex(/^[A-Z]{2}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a two-letter ISO country code such as "FR"` })
      .nullable()
      .optional(),
  );
  /** Disagreeing in the notice also refuses legitimate interest. */
  noticeDenyAppliesToLi = flag();
  /** "Disagree to all" in the preferences also refuses legitimate interest. */
  preferencesDenyAppliesToLi = flag();
  /**
   * How long collected consent lasts before it is asked again (in `consentDurationUnit`). At least 0.
   *
   * @example 6
   */
  consentDuration = field(duration());
  /** Unit of `consentDuration`. */
  consentDurationUnit = field(DURATION_UNIT.optional());
  /** How long a fully negative choice lasts (in `deniedConsentDurationUnit`). At least 0. */
  deniedConsentDuration = field(duration());
  /** Unit of `deniedConsentDuration`. */
  deniedConsentDurationUnit = field(DURATION_UNIT.optional());
  /** Use `deniedConsentDuration` instead of `consentDuration` for negative choices. */
  deniedConsentDurationCustom = flag();
  /** Disable the notice (it is not shown). */
  noticeDisabled = flag();
  /** Order of the notice's buttons and links (opaque object, passed through). */
  noticeActiveElementsOrder = field(opaque(), { opaque: true });
  /** Show the dismiss ("Agree & Close") button. */
  dismissButtonEnabled = flag();
  /** Show the title in the preferences view. */
  preferencesTitleEnabled = flag();
  /** Show the close cross in the preferences view. */
  preferencesCrossButtonEnabled = flag();
  /** Show the "view all partners" button in the preferences view. */
  preferencesViewAllPartnersButtonEnabled = flag();
  /** Order of the preferences view's buttons (opaque object, passed through). */
  preferencesActiveElementsOrder = field(opaque(), { opaque: true });
  /** ID of an approved notice text (with `textMode: "approved"`). */
  textId = field(z.string().optional());
}

/**
 * One regulation's settings in a multi-regulation notice (sent with the API header `v: 2`). Items are
 * matched to the draft's regulation configurations by `regulationId` and `isDefaultRegulationConfig`;
 * regulation configurations you do not list are left as they are.
 */
export class RegulationConfigurationFields extends NoticeBehaviourFields {
  /**
   * The regulation: `gdpr`, `cpra`, `cpa`, `ctdpa`, `vcdpa`, … (lowercase).
   *
   * @example "gdpr"
   */
  regulationId = field(
    z.string().regex(/^[a-z][a-z0-9_]*$/, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a regulation id; use a lowercase id such as "gdpr" or "cpra"`,
    }),
  );
  /**
   * Whether this is the regulation's default configuration (at most one per regulation).
   *
   * @default true
   */
  isDefaultRegulationConfig = flag();
  /**
   * Where it applies: ISO-3166 alpha-2 countries (`FR`), regions (`US_CA`) or `*`. Order does not matter.
   *
   * @example ["FR", "DE", "US_CA"]
   */
  geoLocations = field(
    z
      .array(
        z.string().regex(/^([A-Z]{2}(_[A-Z0-9]{1,3})?|\*)$/, {
          error: (issue) => `${JSON.stringify(issue.input)} is not a location; use a country ("FR"), a region ("US_CA") or "*"`,
        }),
      )
      .optional(),
    { unordered: true },
  );
  /** Regulation-specific settings (opaque object, passed through). */
  regulationSettings = field(opaque(), { opaque: true });
  /** The regulation's SDK configuration: texts, vendors, purposes (opaque object, passed through). */
  config = field(opaque(), { opaque: true });
  /** Format of the negative-action link. */
  negativeActionLinkFormat = field(z.enum(["text", "cross"]).optional());
  /** Enable cross-device consent. */
  crossDeviceEnabled = flag();
  /** Cross-device synchronisation timeout. */
  crossDeviceTimeout = field(duration());
  /** When set, the regulation configuration is disabled (ISO date-time). */
  disabledAt = field(dateTime());
}

/** The IAB TCF vendors a notice asks consent for. */
export class IabVendorsFields {
  /**
   * Every vendor of the IAB TCF global vendor list.
   *
   * @default false
   */
  all = field(z.boolean().optional());
  /** IAB vendor ids, when not `all`. Order does not matter. */
  include = field(z.array(z.number().int().positive()).optional(), { unordered: true });
}

/** The vendors a notice asks consent for, written into its SDK configuration (`config.app.vendors`). */
export class NoticeVendorsFields {
  /** IAB TCF vendors (`config.app.vendors.iab`). */
  iab = group(new IabVendorsFields());
  /**
   * Didomi's own vendor list, by id (`config.app.vendors.didomi`). Order does not matter.
   *
   * @example ["google", "facebook"]
   */
  didomi = field(z.array(z.string().min(1)).optional(), { unordered: true });
  /**
   * The organization's custom vendors: {@link Vendor} `sdkId` outputs (`config.app.vendors.include`). Order does
   * not matter.
   */
  custom = field(z.array(z.string().min(1)).optional(), { unordered: true });
}

/** The purposes a notice shows in its preferences view, in order (`config.preferences.categories`). */
export class NoticePurposesFields {
  /** Custom purposes: {@link Purpose} `sdkId` outputs, each shown on its own. */
  custom = field(z.array(z.string().min(1)).optional());
  /** Purpose groups: {@link PurposeGroup} ids, each shown as a category holding the group's purposes. */
  groups = field(z.array(z.string().min(1)).optional());
}

/**
 * The content of a notice's configuration: every writable field of Didomi's `notices-config-input`, in
 * camelCase. Only the fields you set are managed; the others keep the values Didomi or the console gave them.
 * These fields, and only these, make up the content that `contentHash` covers.
 */
export class NoticeContentFields extends NoticeBehaviourFields {
  /**
   * Where the notice runs.
   *
   * @example "web"
   */
  platform = field(z.enum(["web", "amp", "app", "ctv"]).optional());
  /**
   * Use this notice when no other notice targets the site or app. A default notice must have no `targets`.
   *
   * @default false
   */
  default = flag();
  /**
   * Domains or app ids the notice serves; `*` globs are allowed. Order does not matter.
   *
   * @example ["www.example.com", "*.example.org"]
   */
  targets = field(z.array(z.string().min(1)).optional(), { unordered: true });
  /** The SDK configuration (opaque object in the SDK's documented format, passed through). */
  config = field(opaque(), { opaque: true });
  /** JSON merged into the final GDPR SDK configuration (opaque object, passed through). */
  customJson = field(opaque(), { opaque: true });
  /** Use your own ATP vendor list (`true`) instead of the one Didomi selects. */
  fullAtp = flag();
  /** Approved (Didomi) text or your custom text. */
  textMode = field(z.enum(["approved", "custom"]).optional());
  /** The date after which consent is recollected, when `enableIgnoreConsentBefore` is set (ISO date-time). */
  ignoreConsentBefore = field(dateTime());
  /** The negative action the notice shows: "Disagree to all" button, or a "Continue without agreeing" link. */
  negativeAction = field(z.enum(["button", "link"]).nullable().optional());
  /** Name of the data layer for Google Consent Mode. */
  gcmDataLayerName = field(z.string().optional());
  /** On Connected TV, focus "Agree and close" first. */
  ctvFocusOnAgreeAndClose = flag();
  /** Make the SDK set secure cookies on HTTPS sites. */
  secureCookies = flag();
  /** Encoding of the partners section of the Didomi consent string. */
  consentStringPartnersEncoding = field(ENCODING.optional());
  /** Encoding of the purposes section of the Didomi consent string. */
  consentStringPurposesEncoding = field(ENCODING.optional());
  /** Enable the web view. */
  enableWebView = flag();
  /** The SDK version the config is for. */
  sdkVersion = field(z.string().optional());
  /**
   * The vendors the notice asks consent for, by reference: ids that differ per organization come from
   * {@link Vendor} outputs, so the same program promotes from one organization to another. Written into the
   * SDK configuration; the rest of `config` is left as it is.
   */
  vendors = group(new NoticeVendorsFields());
  /** The custom purposes and purpose groups the notice shows, by reference (see `vendors`). */
  purposes = group(new NoticePurposesFields());
  /** Per-regulation settings (multi-regulation notices). */
  regulationConfigurations = listOf(new RegulationConfigurationFields());
}

/** Arguments of a {@link NoticeConfig}. */
export class NoticeConfigInputs extends NoticeContentFields {
  /**
   * The notice whose draft configuration this resource manages.
   *
   * Caution: changing it moves management to another notice's draft (a replacement; the old draft is left as it is).
   */
  noticeId = field(z.string().min(1), { replaceOnChange: true });
}

export class NoticeConfigOutputs {
  /** The current draft's config id (it changes after every publish). */
  draftConfigId = field(z.string());
  /** The most recently published config id, if the notice was ever published. */
  publishedConfigId = field(z.string().optional());
  /** A stable hash of the managed content, computed from the inputs, so known during `pulumi preview`. */
  contentHash = field(z.string());
}

export const noticeConfigFields = resource("NoticeConfig", { inputs: new NoticeConfigInputs(), outputs: new NoticeConfigOutputs(), createdAt: false });

/** The names of the content fields (those `contentHash` covers). */
export const NOTICE_CONTENT_FIELDS = Object.keys(new NoticeContentFields());