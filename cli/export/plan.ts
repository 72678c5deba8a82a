// What the exported program declares, decided from a snapshot of the organization: one declaration per object
// that `adopt: true` can take over without writing to Didomi, with only the fields that differ from Didomi's
// defaults, and the reason for everything left out. Pure: the same snapshot always gives the same plan.
import type { NoticeBehaviourArgs, NoticeConfigContentArgs, RegulationConfigurationArgs } from "../../sdk";
import { fromApiCase, type ApiKey, type Domain, type NoticeConfig, type Partner, type Purpose, type PurposesGroup, type RegulationConfiguration } from "../../provider/client";
import { compare, type NoticeSnapshot, type OrganizationSnapshot, type SecretInfo } from "./snapshot";

/** A value in the generated code that is an expression, not a literal (another resource's output). */
export class Reference {
  constructor(readonly expression: string) {}
}

export type Kind = "Domain" | "ApiKey" | "Secret" | "Purpose" | "PurposeGroup" | "Vendor" | "ConsentNotice" | "NoticeTemplate";

export interface Declaration {
  kind: Kind;
  /** The TypeScript variable. */
  variable: string;
  /** The Pulumi resource name: the object's natural key. */
  name: string;
  args: Record<string, unknown>;
  /** Comment lines written above the declaration. */
  comments: string[];
}

export interface Skipped {
  what: string;
  reason: string;
}

export interface Plan {
  declarations: Declaration[];
  skipped: Skipped[];
  /** Notices whose draft is not what is live, for the README. */
  unpublished: { name: string; reason: string }[];
}

type Defaults<Args> = { [Field in keyof Required<Args>]: unknown };

/** Behaviour fields with no default: null in a new draft (and in a regulation configuration, "inherit"). */
const NO_BEHAVIOUR_DEFAULTS: Defaults<NoticeBehaviourArgs> = {
  templateId: null, enableIgnoreConsentBefore: null, disagreeButtonStyle: null, country: null,
  noticeDenyAppliesToLi: null, preferencesDenyAppliesToLi: null, consentDuration: null, consentDurationUnit: null,
  deniedConsentDuration: null, deniedConsentDurationUnit: null, deniedConsentDurationCustom: null, noticeDisabled: null,
  noticeActiveElementsOrder: null, dismissButtonEnabled: null, preferencesTitleEnabled: null,
  preferencesCrossButtonEnabled: null, preferencesViewAllPartnersButtonEnabled: null, preferencesActiveElementsOrder: null,
  textId: null, gcmEnabled: null, gcmTcfEnabled: null, gcmSetDefaultStatus: null, gcmAnalyticsDefaultStatus: null,
  gcmAdsDefaultStatus: null, gcmFunctionalityDefaultStatus: null, gcmPersonalizationDefaultStatus: null,
  gcmSecurityDefaultStatus: null, gcmAdUserDataDefaultStatus: null, gcmAdPersonalizationDefaultStatus: null,
  gcmFirebaseEnabled: null, gcmAirbridgeEnabled: null, gcmKochavaEnabled: null, gcmBranchEnabled: null,
  gcmAppsflyerEnabled: null, microsoftEnabled: null, microsoftSetDefaultStatus: null, microsoftAdStorageDefaultStatus: null,
  microsoftEnableTcfAdvertiserConsentMode: null, amazonEnabled: null, amazonSetDefaultStatus: null,
  amazonAdStorageDefaultStatus: null, amazonAdUserDataDefaultStatus: null, wordpressEnabled: null,
};

/**
 * A new notice's draft as Didomi creates it (BEHAVIOR §7.2): fields equal to these are left out of the program.
 * Typed by the SDK's args, so that a field added to the SDK must be added here. The vendor and purpose selection
 * is exported inside `config`, where Didomi keeps it.
 */
const CONTENT_DEFAULTS: Defaults<Omit<NoticeConfigContentArgs, "regulationConfigurations" | "vendors" | "purposes">> = {
  // in the order the program lists them: what the notice is for, then how it behaves, then the big objects
  platform: "web", default: false, targets: [], textMode: "approved",
  ...NO_BEHAVIOUR_DEFAULTS,
  textId: "W37f3Bmd", enableIgnoreConsentBefore: false, disagreeButtonStyle: "primary", noticeDenyAppliesToLi: true,
  preferencesDenyAppliesToLi: true, consentDuration: 12, consentDurationUnit: "months",
  fullAtp: false, ignoreConsentBefore: null, negativeAction: "button", gcmDataLayerName: null, ctvFocusOnAgreeAndClose: null,
  secureCookies: null, consentStringPartnersEncoding: null, consentStringPurposesEncoding: null, enableWebView: null,
  sdkVersion: null, config: {}, customJson: {},
};

/**
 * A regulation configuration's defaults; `regulationId` is always written. The provider sends
 * `isDefaultRegulationConfig: true` unless told otherwise, so only `false` is written.
 */
const REGULATION_DEFAULTS: Defaults<Omit<RegulationConfigurationArgs, "regulationId">> = {
  isDefaultRegulationConfig: true, geoLocations: [], disabledAt: null,
  ...NO_BEHAVIOUR_DEFAULTS,
  negativeActionLinkFormat: null, crossDeviceEnabled: null, crossDeviceTimeout: null, regulationSettings: {}, config: null,
};

/** GDPR's default countries (BEHAVIOR §8.3): the regulation configuration every multi-regulation notice starts with. */
const GDPR_DEFAULT_GEO_LOCATIONS = (
  "AD AT BE BG CY CZ DE DK EE ES FI FR GB GF GG GI GP GR HR HU IE IS IT JE LI LT LU LV MC MF MQ MT NL NO PL PT RE RO " +
  "SE SI SK SM VA YT"
).split(" ");

/** Domain statuses whose adoption writes nothing: adopting a draft or failed domain re-schedules its provisioning. */
const ADOPTABLE_DOMAIN_STATUSES = new Set(["ready", "scheduled", "deploying"]);

export function planProgram(snapshot: OrganizationSnapshot, exportedWithKey?: string): Plan {
  const plan: Plan = { declarations: [], skipped: [], unpublished: [] };
  const names = new UniqueNames();
  const domainVariables = planDomains(plan, names, snapshot.domains);
  planKeys(plan, names, snapshot.apiKeys, exportedWithKey);
  planSecrets(plan, names, snapshot.secrets);
  const references: References = { domains: domainVariables, purposes: new Map(), groups: new Map(), vendors: new Map(), notices: new Map() };
  planPurposes(plan, names, snapshot.purposes, references);
  planPurposeGroups(plan, names, snapshot.purposeGroups, references);
  planVendors(plan, names, snapshot.vendors, references);
  planNotices(plan, names, snapshot.notices, references);
  planTemplates(plan, names, snapshot.templates, references);
  return plan;
}

/** The variable of each exported object by id, so that objects referring to it use its outputs, not its id. */
interface References {
  domains: Map<string, string>;
  purposes: Map<string, string>;
  groups: Map<string, string>;
  vendors: Map<string, string>;
  notices: Map<string, string>;
}

/** `ids` with each exported one replaced by its resource's output `output`; ids of others (global ones) stay. */
function referenced(ids: readonly string[], variables: Map<string, string>, output: string): unknown[] {
  return ids.map((id) => (variables.has(id) ? new Reference(`${variables.get(id)}.${output}`) : id));
}

/** The first text of a translated name, for variable and resource names. */
const textOf = (name: Record<string, unknown> | null | undefined) => String(Object.values(name ?? {})[0] ?? "");

/** Skips the objects whose natural key another one shares (adoption could not tell them apart); returns the others. */
function distinctByKey<T extends { id: string }>(plan: Plan, items: T[], key: (item: T) => string, what: string): T[] {
  const counts = countBy(items, key);
  return items.filter((item) => {
    const sharing = counts.get(key(item))!;
    if (sharing === 1) return true;
    plan.skipped.push({
      what: `${what} "${key(item)}" (id ${item.id})`,
      reason: `${sharing} ${what}s share this name, and adoption finds one by its name; rename all but one in Didomi and export again`,
    });
    return false;
  });
}

/** The fields of an API object, camelCased, that are set (not null, not empty): how optional inputs are exported. */
function setFields(object: Record<string, unknown>, fields: Record<string, string>, opaque: string[] = []): Record<string, unknown> {
  const live = fromApiCase<Record<string, unknown>>(object, opaque);
  const args: Record<string, unknown> = {};
  for (const [input, apiField] of Object.entries(fields)) {
    const value = apiField in object ? object[apiField] : live[input];
    if (value === null || value === undefined || isEmpty(value) || value === false) continue;
    args[input] = value;
  }
  return args;
}

function planPurposes(plan: Plan, names: UniqueNames, purposes: Purpose[], references: References): void {
  const key = (purpose: Purpose) => JSON.stringify(purpose.description ?? {});
  for (const purpose of distinctByKey(plan, sortedBy(purposes, (p) => textOf(p.description)), key, "purpose")) {
    const declaration = declare(names, "Purpose", textOf(purpose.description), "Purpose", {
      name: purpose.description,
      ...setFields(purpose, { details: "details", enabledStatusDescription: "enabled_status_description", disabledStatusDescription: "disabled_status_description", regulations: "regulations_id" }, ["details", "enabled_status_description", "disabled_status_description"]),
      adopt: true,
    });
    references.purposes.set(purpose.id, declaration.variable);
    plan.declarations.push(declaration);
  }
}

function planPurposeGroups(plan: Plan, names: UniqueNames, groups: PurposesGroup[], references: References): void {
  for (const group of distinctByKey(plan, sortedBy(groups, (g) => g.name), (g) => g.name, "purpose group")) {
    const purposeIds = group.purposes_id ?? [];
    const declaration = declare(names, "PurposeGroup", group.name, "Group", {
      name: group.name,
      ...setFields(group, { description: "description" }),
      ...(purposeIds.length > 0 ? { purposeIds: referenced(purposeIds, references.purposes, "id") } : {}),
      adopt: true,
    });
    references.groups.set(group.id, declaration.variable);
    plan.declarations.push(declaration);
  }
}

const VENDOR_PURPOSE_LISTS = { purposeIds: "default_purposes_id", legitimateInterestPurposeIds: "legitimate_interest_purposes_id", spiPurposeIds: "spi_purposes_id" };

function planVendors(plan: Plan, names: UniqueNames, vendors: Partner[], references: References): void {
  for (const vendor of distinctByKey(plan, sortedBy(vendors, (v) => v.name), (v) => v.name, "vendor")) {
    const lists: Record<string, unknown> = {};
    for (const [input, apiField] of Object.entries(VENDOR_PURPOSE_LISTS)) {
      const ids = (vendor[apiField] as string[] | null | undefined) ?? [];
      if (ids.length > 0) lists[input] = referenced(ids, references.purposes, "id");
    }
    const declaration = declare(names, "Vendor", vendor.name, "Vendor", {
      name: vendor.name,
      categoryId: vendor.category_id,
      ...lists,
      ...setFields(vendor, {
        tags: "tags", contact: "contact", website: "website", websiteOptout: "website_optout", hosts: "hosts", urlPatterns: "url_patterns",
        taxonomyId: "taxonomy_id", country: "country", namespaces: "namespaces", cookieMaxDuration: "cookie_max_duration",
        cookieMaxDurationUnit: "cookie_max_duration_unit", usesNonCookieAccess: "uses_non_cookie_access", notes: "notes", deprecated: "deprecated",
      }),
      adopt: true,
    });
    references.vendors.set(vendor.id, declaration.variable);
    plan.declarations.push(declaration);
  }
}

function planTemplates(plan: Plan, names: UniqueNames, templates: OrganizationSnapshot["templates"], references: References): void {
  for (const { template, config } of distinctByKey(plan, sortedBy(templates.map((t) => ({ ...t, id: t.template.id })), (t) => t.template.name), (t) => t.template.name, "notice template")) {
    const noticeIds = template.notices_id ?? [];
    const selection = config?.config ? selectionArgs(config.config, references) : {};
    plan.declarations.push(
      declare(names, "NoticeTemplate", template.name, "Template", {
        name: template.name,
        ...(noticeIds.length > 0 ? { noticeIds: referenced(noticeIds, references.notices, "noticeId") } : {}),
        ...selection,
        adopt: true,
      }),
    );
  }
}

/**
 * The typed vendor and purpose selection from an SDK configuration (docs/resources/notice-config.md): custom vendors
 * (`app.vendors.include`) and the preferences' purposes and categories, as references to the exported objects;
 * `config`, when anything else is left, without those paths (the provider refuses them in both places).
 */
function selectionArgs(sdkConfig: Record<string, unknown>, references: References): Record<string, unknown> {
  const config = structuredClone(sdkConfig) as Record<string, any>;
  const args: Record<string, unknown> = {};
  const include = config.app?.vendors?.include;
  if (Array.isArray(include) && include.length > 0) {
    args.vendors = { custom: include.map((sdkId: string) => {
      const id = sdkId.startsWith("c:") ? sdkId.slice(2) : undefined;
      return id && references.vendors.has(id) ? new Reference(`${references.vendors.get(id)}.sdkId`) : sdkId;
    }) };
    delete config.app.vendors.include;
    if (isEmpty(config.app.vendors)) delete config.app.vendors;
    if (isEmpty(config.app)) delete config.app;
  }
  const categories = config.preferences?.categories;
  if (Array.isArray(categories) && categories.length > 0 && categories.every((entry: { type?: string }) => entry.type === "purpose" || entry.type === "category")) {
    const purposeIds = categories.filter((entry: { type: string }) => entry.type === "purpose").map((entry: { purposeId: string }) => entry.purposeId);
    const groupIds = categories.filter((entry: { type: string }) => entry.type === "category").map((entry: { id: string }) => entry.id);
    args.purposes = {
      ...(purposeIds.length > 0 ? { custom: referenced(purposeIds, references.purposes, "sdkId") } : {}),
      ...(groupIds.length > 0 ? { groups: referenced(groupIds, references.groups, "id") } : {}),
    };
    delete config.preferences.categories;
    if (isEmpty(config.preferences)) delete config.preferences;
  }
  return { ...args, ...(isEmpty(config) ? {} : { config }) };
}

/** Returns each declared domain's variable by FQDN, for notices' targets. */
function planDomains(plan: Plan, names: UniqueNames, domains: Domain[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const domain of sortedBy(domains, (domain) => domain.id)) {
    if (!ADOPTABLE_DOMAIN_STATUSES.has(domain.status)) {
      plan.skipped.push({ what: `domain ${domain.id} (status ${domain.status})`, reason: domainSkipReason(domain) });
      continue;
    }
    const declaration = declare(names, "Domain", domain.id, "Domain", {
      domain: domain.id,
      usage: domain.usage,
      ...(domain.description != null ? { description: domain.description } : {}),
      ...(domain.enabled === false ? { enabled: false } : {}),
      ...(domain.entity_id != null ? { entityId: domain.entity_id } : {}),
      ...(domain.bots_crawl === "disallow_all" ? { botsCrawl: "disallow_all" } : {}),
      adopt: true,
    });
    if (domain.status !== "ready") declaration.comments.push(`Provisioning (${domain.status}): the first \`pulumi up\` waits until it is ready.`);
    variables.set(domain.id, declaration.variable);
    plan.declarations.push(declaration);
  }
  return variables;
}

function planKeys(plan: Plan, names: UniqueNames, keys: ApiKey[], exportedWithKey: string | undefined): void {
  for (const key of sortedBy(keys, (key) => key.name)) {
    const declaration = declare(names, "ApiKey", key.name, "Key", {
      name: key.name,
      ...(key.description != null ? { description: key.description } : {}),
      ...(key.enabled === false ? { enabled: false } : {}),
      adopt: true,
    });
    declaration.comments.push("Its secret cannot be read back from Didomi: the adopted key has no `secret` output.");
    if (key.id === exportedWithKey) declaration.comments.push("The key this export ran with: destroying this resource deletes it.");
    plan.declarations.push(declaration);
  }
}

function planSecrets(plan: Plan, names: UniqueNames, secrets: SecretInfo[]): void {
  const nameCounts = countBy(secrets, (secret) => secret.name);
  for (const secret of sortedBy(secrets, (secret) => secret.name)) {
    const sharing = nameCounts.get(secret.name)!;
    if (sharing > 1) {
      plan.skipped.push({
        what: `secret "${secret.name}" (id ${secret.id})`,
        reason: `${sharing} secrets share this name, and adoption finds a secret by its name; rename all but one in Didomi and export again`,
      });
      continue;
    }
    plan.declarations.push(
      declare(names, "Secret", secret.name, "Secret", {
        name: secret.name,
        ...(secret.description != null ? { description: secret.description } : {}),
        adopt: true,
      }),
    );
  }
}

function planNotices(plan: Plan, names: UniqueNames, notices: NoticeSnapshot[], references: References): void {
  for (const entry of sortedBy(notices, ({ notice }) => notice.external_id ?? notice.name)) {
    const { notice } = entry;
    const ambiguity = noticeAmbiguity(entry, notices);
    if (ambiguity) {
      plan.skipped.push({ what: `notice "${notice.name}" (id ${notice.id})`, reason: ambiguity });
      continue;
    }
    const config = contentArgs(entry.draft, references, (what, reason) => plan.skipped.push({ what: `notice "${notice.name}": ${what}`, reason }));
    const publication = publicationOf(entry);
    const declaration = declare(names, "ConsentNotice", notice.external_id ?? notice.name, "Notice", {
      name: notice.name,
      ...(notice.external_id != null ? { externalId: notice.external_id } : {}),
      ...(notice.external_source != null ? { externalSource: notice.external_source } : {}),
      ...(notice.environment != null ? { environment: notice.environment } : {}),
      ...(notice.privacy_experience_id != null ? { privacyExperienceId: notice.privacy_experience_id } : {}),
      adopt: true,
      ...(Object.keys(config).length > 0 ? { config } : {}),
      ...(publication ? { publish: false } : {}),
    });
    if (publication) {
      declaration.comments.push(...publication.comments);
      plan.unpublished.push({ name: notice.name, reason: publication.reason });
    }
    references.notices.set(notice.id, declaration.variable);
    plan.declarations.push(declaration);
  }
}

function domainSkipReason(domain: Domain): string {
  if (domain.status === "draft" || domain.status === "failed") {
    return "adopting it would schedule its provisioning (a write to Didomi); declare it once its DNS delegation is in place";
  }
  return "it is being deleted";
}

/** Why a notice cannot be adopted exactly, or undefined. Adoption looks notices up by external id, else by name. */
function noticeAmbiguity({ notice }: NoticeSnapshot, notices: NoticeSnapshot[]): string | undefined {
  const others = notices.filter((other) => other.notice.id !== notice.id);
  if (notice.external_id != null) {
    const clash = others.filter((other) => other.notice.external_id === notice.external_id);
    if (clash.length > 0) return `${clash.length + 1} notices share the external id "${notice.external_id}", so adoption cannot tell them apart; give each its own external id in Didomi and export again`;
    return undefined;
  }
  const clash = others.filter((other) => other.notice.name === notice.name);
  if (clash.length > 0) return `it has no external id and ${clash.length + 1} notices share the name "${notice.name}", so adoption cannot tell them apart; give it an external id in Didomi and export again`;
  return undefined;
}

/** Why the program does not publish the notice (`publish: false`), or undefined when its draft is what is live. */
function publicationOf({ published, publication }: NoticeSnapshot): { comments: string[]; reason: string } | undefined {
  const live = published && `configuration ${published.id}, published ${published.deployed_at}`;
  switch (publication) {
    case "draft-is-live":
      return undefined;
    case "never-published":
      return {
        comments: ["Never published: remove `publish: false` to publish it with the next `pulumi up`."],
        reason: "never published",
      };
    case "draft-changed":
      return {
        comments: [`The draft has changes that are not live (live: ${live}).`, "Remove `publish: false` to publish them with the next `pulumi up`."],
        reason: `its draft has changes that are not live (live: ${live}); publishing them is left to you`,
      };
    case "publication-failed":
      return {
        comments: [`The deployment of this content failed (${live}): it is not live.`, "Remove `publish: false` to publish it again with the next `pulumi up`."],
        reason: `the deployment of its draft's content failed (${live}), so that content is not live; publishing it again is left to you`,
      };
  }
}

/** The draft's content as NoticeConfig args: only what differs from a new notice's draft. */
function contentArgs(draft: NoticeConfig, references: References, skip: (what: string, reason: string) => void): Record<string, unknown> {
  const live = fromApiCase<Record<string, unknown>>(draft, ["config", "custom_json", "notice_active_elements_order", "preferences_active_elements_order"]);
  const { config, ...rest } = differingFields(live, CONTENT_DEFAULTS);
  // the vendor and purpose selection by reference, and whatever else the SDK configuration holds as it is
  const args: Record<string, unknown> = { ...rest, ...(config ? selectionArgs(config as Record<string, unknown>, references) : {}) };
  const domainVariables = references.domains;
  // a target that is one of the exported domains refers to the domain resource
  if (Array.isArray(args.targets)) {
    args.targets = (args.targets as string[]).map((target) => {
      const variable = domainVariables.get(target);
      return variable ? new Reference(`${variable}.domain`) : target;
    });
  }
  const regulations = regulationArgs(draft.regulation_configurations ?? [], skip);
  if (regulations.length > 0) args.regulationConfigurations = regulations;
  return args;
}

/**
 * Regulation configurations other than the untouched GDPR default. The provider matches them by regulation and
 * default flag, so only one per pair can be declared: the enabled one (others stay as they are, unmanaged).
 */
function regulationArgs(items: RegulationConfiguration[], skip: (what: string, reason: string) => void): Record<string, unknown>[] {
  const chosen = new Map<string, RegulationConfiguration>();
  const ordered = [...items].sort((a, b) => Number(Boolean(a.disabled_at)) - Number(Boolean(b.disabled_at)) || compare(a.id, b.id));
  for (const item of ordered) {
    const key = `${item.regulation_id}/${item.is_default_regulation_config ?? true}`;
    const kept = chosen.get(key);
    if (kept) {
      skip(
        `regulation configuration ${item.id} (${item.regulation_id}${item.is_default_regulation_config === false ? ", not default" : ""})`,
        `configuration ${kept.id} is declared for the same regulation and default flag, and the provider manages one per pair; this one stays as it is in Didomi`,
      );
      continue;
    }
    chosen.set(key, item);
  }
  return [...chosen.values()]
    .sort((a, b) => compare(a.regulation_id, b.regulation_id) || Number(b.is_default_regulation_config ?? true) - Number(a.is_default_regulation_config ?? true))
    .map((item) => {
      const live = fromApiCase<Record<string, unknown>>(item, ["config", "regulation_settings", "notice_active_elements_order", "preferences_active_elements_order"]);
      const fields = differingFields(live, REGULATION_DEFAULTS);
      if (item.regulation_id === "gdpr" && item.is_default_regulation_config !== false && sameSet(item.geo_locations ?? [], GDPR_DEFAULT_GEO_LOCATIONS)) {
        delete fields.geoLocations;
      }
      return { regulationId: item.regulation_id, ...fields };
    })
    .filter((item) => !(item.regulationId === "gdpr" && Object.keys(item).length === 1));
}

/** The fields of `live` listed in `defaults` whose value is set (not null, not empty) and differs from the default. */
function differingFields(live: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(defaults)) {
    const value = live[field];
    if (value === null || value === undefined || isEmpty(value)) continue;
    if (JSON.stringify(value) === JSON.stringify(fallback)) continue;
    fields[field] = value;
  }
  return fields;
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");
}

/** Sorted by natural key, then id: the program lists objects the way a person would look them up. */
function sortedBy<T extends { id: string } | { notice: { id: string } }>(items: T[], key: (item: T) => string): T[] {
  const id = (item: T) => ("id" in item ? item.id : item.notice.id);
  return [...items].sort((a, b) => compare(key(a), key(b)) || compare(id(a), id(b)));
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function declare(names: UniqueNames, kind: Kind, naturalKey: string, suffix: string, args: Record<string, unknown>): Declaration {
  return { kind, variable: names.variable(naturalKey, suffix), name: names.resource(kind, naturalKey), args, comments: [] };
}

/**
 * Names derived from natural keys, the same on every run: the Pulumi name is the key itself (unique per kind),
 * the variable its camelCase with the kind as suffix (`consentExampleComDomain`); a clash gets a number.
 */
class UniqueNames {
  readonly #variables = new Set<string>();
  readonly #resources = new Set<string>();

  variable(naturalKey: string, suffix: string): string {
    const words = naturalKey.split(/[^A-Za-z0-9]+/).filter(Boolean);
    const camel = words.map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() : word.charAt(0).toUpperCase()) + word.slice(1)).join("");
    const base = `${/^[0-9]/.test(camel) ? "_" : ""}${camel}${suffix}`;
    return this.#claim(this.#variables, base, (n) => `${base}${n}`);
  }

  resource(kind: Kind, naturalKey: string): string {
    // a URN separates its parts with "::"
    const base = naturalKey.replaceAll("::", "-");
    return this.#claim(this.#resources, `${kind}/${base}`, (n) => `${kind}/${base}-${n}`).slice(kind.length + 1);
  }

  #claim(taken: Set<string>, base: string, numbered: (n: number) => string): string {
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = numbered(n);
    taken.add(candidate);
    return candidate;
  }
}
