// The typed vendor and purpose selection (`vendors`, `purposes` of a NoticeConfig or a NoticeTemplate) and where
// Didomi's SDK configuration keeps it:
//   vendors.iab      → config.app.vendors.iab.{all, include}
//   vendors.didomi   → config.app.vendors.didomi
//   vendors.custom   → config.app.vendors.include      (custom vendors' SDK ids; BEHAVIOR §8.3)
//   purposes.custom  → config.preferences.categories   ({ type: "purpose", purposeId }, in order)
//   purposes.groups  → config.preferences.categories   ({ type: "category", id }, after the purposes)
// Only these paths are written; the rest of the SDK configuration (texts, theme, anything set in the console or in
// the raw `config` input) is kept as it is.
import type { PlainInputs } from "../fields/define";
import type { NoticePurposesFields, NoticeVendorsFields } from "../fields/notice-config";

type Json = Record<string, unknown>;
type Vendors = PlainInputs<NoticeVendorsFields>;
type Purposes = PlainInputs<NoticePurposesFields>;
/** The inputs that hold a selection. */
export interface Selection {
  vendors?: Vendors;
  purposes?: Purposes;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);
const child = (parent: Json, key: string): Json => (isObject(parent[key]) ? { ...(parent[key] as Json) } : {});

/** `config` with the selection the inputs manage written into it (a copy; `config` is not changed). */
export function withSelection(config: Json | null | undefined, { vendors, purposes }: Selection): Json {
  const result: Json = { ...(config ?? {}) };
  if (vendors) {
    const app = child(result, "app");
    const sdkVendors = child(app, "vendors");
    if (vendors.iab) {
      const iab = child(sdkVendors, "iab");
      if (vendors.iab.all !== undefined) iab.all = vendors.iab.all;
      if (vendors.iab.include !== undefined) iab.include = vendors.iab.include;
      sdkVendors.iab = iab;
    }
    if (vendors.didomi !== undefined) sdkVendors.didomi = vendors.didomi;
    if (vendors.custom !== undefined) sdkVendors.include = vendors.custom;
    result.app = { ...app, vendors: sdkVendors };
  }
  if (purposes) {
    const preferences = child(result, "preferences");
    const kept = Array.isArray(preferences.categories) ? (preferences.categories as Json[]) : [];
    const keptOf = (type: string) => kept.filter((entry) => entry.type === type);
    preferences.categories = [
      ...(purposes.custom?.map((purposeId) => ({ type: "purpose", purposeId })) ?? keptOf("purpose")),
      ...(purposes.groups?.map((id) => ({ type: "category", id })) ?? keptOf("category")),
      ...kept.filter((entry) => entry.type !== "purpose" && entry.type !== "category"),
    ];
    result.preferences = preferences;
  }
  return result;
}

/** The selection as it is live in `config`, limited to what `managed` (the old inputs) sets. */
export function selectionOf(config: Json | null | undefined, managed: Selection): Selection {
  const sdkVendors = child(child(config ?? {}, "app"), "vendors");
  const categories = Array.isArray(child(config ?? {}, "preferences").categories) ? (child(config ?? {}, "preferences").categories as Json[]) : [];
  const live: Selection = {};
  if (managed.vendors) {
    const iab = child(sdkVendors, "iab");
    const vendors: Vendors = {};
    if (managed.vendors.iab) {
      vendors.iab = {};
      if (managed.vendors.iab.all !== undefined) vendors.iab.all = (iab.all as boolean | undefined) ?? false;
      if (managed.vendors.iab.include !== undefined) vendors.iab.include = (iab.include as number[] | undefined) ?? [];
    }
    if (managed.vendors.didomi !== undefined) vendors.didomi = (sdkVendors.didomi as string[] | undefined) ?? [];
    if (managed.vendors.custom !== undefined) vendors.custom = (sdkVendors.include as string[] | undefined) ?? [];
    live.vendors = vendors;
  }
  if (managed.purposes) {
    const purposes: Purposes = {};
    if (managed.purposes.custom !== undefined) purposes.custom = categories.filter((entry) => entry.type === "purpose").map((entry) => entry.purposeId as string);
    if (managed.purposes.groups !== undefined) purposes.groups = categories.filter((entry) => entry.type === "category").map((entry) => entry.id as string);
    live.purposes = purposes;
  }
  return live;
}

/** `config` without the paths the selection manages, so that a managed raw `config` does not report them as drift. */
export function withoutSelection(config: Json, managed: Selection): Json {
  const result: Json = { ...config };
  if (managed.vendors && isObject(result.app)) {
    const app = { ...(result.app as Json) };
    const sdkVendors = child(app, "vendors");
    if (managed.vendors.iab) {
      const iab = child(sdkVendors, "iab");
      if (managed.vendors.iab.all !== undefined) delete iab.all;
      if (managed.vendors.iab.include !== undefined) delete iab.include;
      if (Object.keys(iab).length > 0) sdkVendors.iab = iab;
      else delete sdkVendors.iab;
    }
    if (managed.vendors.didomi !== undefined) delete sdkVendors.didomi;
    if (managed.vendors.custom !== undefined) delete sdkVendors.include;
    if (Object.keys(sdkVendors).length > 0) app.vendors = sdkVendors;
    else delete app.vendors;
    if (Object.keys(app).length > 0) result.app = app;
    else delete result.app;
  }
  if (managed.purposes && isObject(result.preferences)) {
    const preferences = { ...(result.preferences as Json) };
    const kept = (Array.isArray(preferences.categories) ? (preferences.categories as Json[]) : []).filter(
      (entry) => !((managed.purposes!.custom !== undefined && entry.type === "purpose") || (managed.purposes!.groups !== undefined && entry.type === "category")),
    );
    if (kept.length > 0) preferences.categories = kept;
    else delete preferences.categories;
    if (Object.keys(preferences).length > 0) result.preferences = preferences;
    else delete result.preferences;
  }
  return result;
}
