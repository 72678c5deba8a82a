import * as pulumi from "@pulumi/pulumi";
import type { DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

type Duration = "months" | "days" | "seconds";

/** Consent-mode integrations (Google, Microsoft, Amazon, WordPress) shared by configs and regulation configs. */
export interface ConsentModeArgs {
  /** Enable Google Consent Mode. */
  gcmEnabled?: pulumi.Input<boolean>;
  /** Enable Google Consent Mode's IAB TCF integration. */
  gcmTcfEnabled?: pulumi.Input<boolean>;
  /** Set Google Consent Mode default statuses for analytics and ads before the user chooses. */
  gcmSetDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for analytics storage. */
  gcmAnalyticsDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for ads storage. */
  gcmAdsDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for functionality storage (e.g. language settings). */
  gcmFunctionalityDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for personalization storage. */
  gcmPersonalizationDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for security storage. */
  gcmSecurityDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for ad user data. */
  gcmAdUserDataDefaultStatus?: pulumi.Input<boolean>;
  /** Google Consent Mode default for ad personalization. */
  gcmAdPersonalizationDefaultStatus?: pulumi.Input<boolean>;
  /** Forward Google Consent Mode signals to the Firebase SDK (mobile). */
  gcmFirebaseEnabled?: pulumi.Input<boolean>;
  /** Forward Google Consent Mode signals to the Airbridge SDK (mobile). */
  gcmAirbridgeEnabled?: pulumi.Input<boolean>;
  /** Forward Google Consent Mode signals to the Kochava SDK (mobile). */
  gcmKochavaEnabled?: pulumi.Input<boolean>;
  /** Forward Google Consent Mode signals to the Branch SDK (mobile). */
  gcmBranchEnabled?: pulumi.Input<boolean>;
  /** Forward Google Consent Mode signals to the AppsFlyer SDK (mobile). */
  gcmAppsflyerEnabled?: pulumi.Input<boolean>;
  /** Enable Microsoft Consent Mode. */
  microsoftEnabled?: pulumi.Input<boolean>;
  /** Set Microsoft Consent Mode's default ad-storage status before the user chooses. */
  microsoftSetDefaultStatus?: pulumi.Input<boolean>;
  /** Microsoft Consent Mode default for ad storage. */
  microsoftAdStorageDefaultStatus?: pulumi.Input<boolean>;
  /** Enable the TCF advertiser consent mode in Microsoft Consent Mode. */
  microsoftEnableTcfAdvertiserConsentMode?: pulumi.Input<boolean>;
  /** Enable Amazon Consent Mode. */
  amazonEnabled?: pulumi.Input<boolean>;
  /** Set Amazon Consent Mode's default statuses before the user chooses. */
  amazonSetDefaultStatus?: pulumi.Input<boolean>;
  /** Amazon Consent Mode default for ad storage. */
  amazonAdStorageDefaultStatus?: pulumi.Input<boolean>;
  /** Amazon Consent Mode default for ad user data. */
  amazonAdUserDataDefaultStatus?: pulumi.Input<boolean>;
  /** Enable the WordPress Consent API integration. */
  wordpressEnabled?: pulumi.Input<boolean>;
}

/** Notice behaviour shared by configs and regulation configs; a regulation config's value overrides the config's. */
export interface NoticeBehaviourArgs extends ConsentModeArgs {
  /** The notice template the config uses, if any. */
  templateId?: pulumi.Input<string>;
  /** Recollect consent given before `ignoreConsentBefore`. */
  enableIgnoreConsentBefore?: pulumi.Input<boolean>;
  /** Style of the Disagree button. */
  disagreeButtonStyle?: pulumi.Input<"primary" | "secondary">;
  /** Two-letter ISO country the notice is for. */
  country?: pulumi.Input<string>;
  /** Disagreeing in the notice also refuses legitimate interest. */
  noticeDenyAppliesToLi?: pulumi.Input<boolean>;
  /** "Disagree to all" in the preferences also refuses legitimate interest. */
  preferencesDenyAppliesToLi?: pulumi.Input<boolean>;
  /**
   * How long collected consent lasts before it is asked again (in `consentDurationUnit`). At least 0.
   *
   * @example 6
   */
  consentDuration?: pulumi.Input<number>;
  /** Unit of `consentDuration`. */
  consentDurationUnit?: pulumi.Input<Duration>;
  /** How long a fully negative choice lasts (in `deniedConsentDurationUnit`). At least 0. */
  deniedConsentDuration?: pulumi.Input<number>;
  /** Unit of `deniedConsentDuration`. */
  deniedConsentDurationUnit?: pulumi.Input<Duration>;
  /** Use `deniedConsentDuration` instead of `consentDuration` for negative choices. */
  deniedConsentDurationCustom?: pulumi.Input<boolean>;
  /** Disable the notice (it is not shown). */
  noticeDisabled?: pulumi.Input<boolean>;
  /** Order of the notice's buttons and links (opaque object, passed through). */
  noticeActiveElementsOrder?: pulumi.Input<Record<string, unknown>>;
  /** Show the dismiss ("Agree & Close") button. */
  dismissButtonEnabled?: pulumi.Input<boolean>;
  /** Show the title in the preferences view. */
  preferencesTitleEnabled?: pulumi.Input<boolean>;
  /** Show the close cross in the preferences view. */
  preferencesCrossButtonEnabled?: pulumi.Input<boolean>;
  /** Show the "view all partners" button in the preferences view. */
  preferencesViewAllPartnersButtonEnabled?: pulumi.Input<boolean>;
  /** Order of the preferences view's buttons (opaque object, passed through). */
  preferencesActiveElementsOrder?: pulumi.Input<Record<string, unknown>>;
  /** ID of an approved notice text (with `textMode: "approved"`). */
  textId?: pulumi.Input<string>;
}

/**
 * One regulation's settings in a multi-regulation notice (sent with the API header `v: 2`). Items are
 * matched to the draft's regulation configurations by `regulationId` and `isDefaultRegulationConfig`;
 * regulation configurations you do not list are left as they are.
 */
export interface RegulationConfigurationArgs extends NoticeBehaviourArgs {
  /**
   * The regulation: `gdpr`, `cpra`, `cpa`, `ctdpa`, `vcdpa`, … (lowercase).
   *
   * @example "gdpr"
   */
  regulationId: pulumi.Input<string>;
  /**
   * Whether this is the regulation's default configuration (at most one per regulation).
   *
   * @default true
   */
  isDefaultRegulationConfig?: pulumi.Input<boolean>;
  /**
   * Where it applies: ISO-3166 alpha-2 countries (`FR`), regions (`US_CA`) or `*`. Order does not matter.
   *
   * @example ["FR", "DE", "US_CA"]
   */
  geoLocations?: pulumi.Input<pulumi.Input<string>[]>;
  /** Regulation-specific settings (opaque object, passed through). */
  regulationSettings?: pulumi.Input<Record<string, unknown>>;
  /** The regulation's SDK configuration: texts, vendors, purposes (opaque object, passed through). */
  config?: pulumi.Input<Record<string, unknown>>;
  /** Format of the negative-action link. */
  negativeActionLinkFormat?: pulumi.Input<"text" | "cross">;
  /** Enable cross-device consent. */
  crossDeviceEnabled?: pulumi.Input<boolean>;
  /** Cross-device synchronisation timeout. */
  crossDeviceTimeout?: pulumi.Input<number>;
  /** When set, the regulation configuration is disabled (ISO date-time). */
  disabledAt?: pulumi.Input<string | null>;
}

/**
 * The content of a notice's configuration: every writable field of Didomi's `notices-config-input`, in
 * camelCase. Only the fields you set are managed; the others keep the values Didomi or the console gave them.
 */
export interface NoticeConfigContentArgs extends NoticeBehaviourArgs {
  /**
   * Where the notice runs.
   *
   * @example "web"
   */
  platform?: pulumi.Input<"web" | "amp" | "app" | "ctv">;
  /**
   * Use this notice when no other notice targets the site or app. A default notice must have no `targets`.
   *
   * @default false
   */
  default?: pulumi.Input<boolean>;
  /**
   * Domains or app ids the notice serves; `*` globs are allowed. Order does not matter.
   *
   * @example ["www.example.com", "*.example.org"]
   */
  targets?: pulumi.Input<pulumi.Input<string>[]>;
  /** The SDK configuration (opaque object in the SDK's documented format, passed through). */
  config?: pulumi.Input<Record<string, unknown>>;
  /** JSON merged into the final GDPR SDK configuration (opaque object, passed through). */
  customJson?: pulumi.Input<Record<string, unknown>>;
  /** Use your own ATP vendor list (`true`) instead of the one Didomi selects. */
  fullAtp?: pulumi.Input<boolean>;
  /** Approved (Didomi) text or your custom text. */
  textMode?: pulumi.Input<"approved" | "custom">;
  /** The date after which consent is recollected, when `enableIgnoreConsentBefore` is set (ISO date-time). */
  ignoreConsentBefore?: pulumi.Input<string | null>;
  /** The negative action the notice shows: "Disagree to all" button, or a "Continue without agreeing" link. */
  negativeAction?: pulumi.Input<"button" | "link" | null>;
  /** Name of the data layer for Google Consent Mode. */
  gcmDataLayerName?: pulumi.Input<string>;
  /** On Connected TV, focus "Agree and close" first. */
  ctvFocusOnAgreeAndClose?: pulumi.Input<boolean>;
  /** Make the SDK set secure cookies on HTTPS sites. */
  secureCookies?: pulumi.Input<boolean>;
  /** Encoding of the partners section of the Didomi consent string. */
  consentStringPartnersEncoding?: pulumi.Input<"bit_field_2_bits" | "ranges_u16" | "ranges_fibonacci">;
  /** Encoding of the purposes section of the Didomi consent string. */
  consentStringPurposesEncoding?: pulumi.Input<"bit_field_2_bits" | "ranges_u16" | "ranges_fibonacci">;
  /** Enable the web view. */
  enableWebView?: pulumi.Input<boolean>;
  /** The SDK version the config is for. */
  sdkVersion?: pulumi.Input<string>;
  /** Per-regulation settings (multi-regulation notices). */
  regulationConfigurations?: pulumi.Input<pulumi.Input<RegulationConfigurationArgs>[]>;
}

/** Arguments of a {@link NoticeConfig}. */
export interface NoticeConfigArgs extends DidomiResourceArgs, NoticeConfigContentArgs {
  /**
   * The notice whose draft configuration this resource manages.
   *
   * Caution: changing it moves management to another notice's draft (a replacement; the old draft is left as it is).
   */
  noticeId: pulumi.Input<string>;
}

/**
 * The draft configuration of a consent notice. A notice always has exactly one draft; publishing it (a
 * {@link Deployment}) freezes it and Didomi creates a new draft as a copy, with a new id. This resource is
 * keyed by the notice id and always edits the current draft. Deleting it only removes it from the stack:
 * configurations cannot be deleted in Didomi.
 *
 * `contentHash` is computed from the inputs, so it is known during `pulumi preview`: wire it into a
 * {@link Deployment} to publish exactly when the content changes.
 *
 * @example
 * ```ts
 * const config = new didomi.NoticeConfig("main", {
 *   noticeId: notice.id,
 *   platform: "web",
 *   targets: ["www.example.com"],
 *   consentDuration: 6,
 *   consentDurationUnit: "months",
 * });
 * ```
 */
export class NoticeConfig extends pulumi.dynamic.Resource {
  declare public readonly noticeId: pulumi.Output<string>;
  declare public readonly organizationId: pulumi.Output<string>;
  /** The current draft's config id (it changes after every publish). */
  declare public readonly draftConfigId: pulumi.Output<string>;
  /** The most recently published config id, if the notice was ever published. */
  declare public readonly publishedConfigId: pulumi.Output<string | undefined>;
  /** A stable hash of the managed content, computed from the inputs. */
  declare public readonly contentHash: pulumi.Output<string>;

  constructor(name: string, args: NoticeConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("NoticeConfig"),
      name,
      propsWithOutputs(args, ["noticeId", "organizationId", "draftConfigId", "publishedConfigId", "contentHash"]),
      opts,
      TYPE_MODULE,
      "NoticeConfig",
    );
  }
}
