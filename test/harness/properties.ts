// The engine's property values: JSON plus three special kinds (secret, unknown, resource reference), and the
// marshalling rules of sdk/go/common/resource/plugin/rpc.go (MarshalProperties / UnmarshalProperties) between them
// and the wire (protobuf Struct as plain JS, where the special kinds are signature objects or the unknown sentinel).

export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export class Secret {
  constructor(readonly element: PropertyValue) {}
}

/** A value not known until the resource that produces it exists (previews only). */
export class Unknown {
  static readonly value = new Unknown();
  private constructor() {}
}

export class ResourceReference {
  constructor(
    readonly urn: string,
    readonly id: PropertyValue | undefined,
    readonly packageVersion: string,
  ) {}
}

export type PropertyValue =
  | null
  | boolean
  | number
  | string
  | PropertyValue[]
  | PropertyMap
  | Secret
  | Unknown
  | ResourceReference;
export interface PropertyMap {
  [key: string]: PropertyValue;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function isMap(v: PropertyValue): v is PropertyMap {
  return isPlainObject(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Wire ⇄ property values

export interface UnmarshalOptions {
  /** Keep the unknown sentinel as Unknown (otherwise it is an error: unknowns are only legal in previews). */
  keepUnknowns: boolean;
  label: string;
}

/** Wire value (Struct.toJavaScript) → property value. */
export function fromWire(value: unknown, opts: UnmarshalOptions): PropertyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    if (value !== UNKNOWN_SENTINEL) return value;
    if (!opts.keepUnknowns) throw new Error(`${opts.label}: unexpected unknown value outside a preview`);
    return Unknown.value;
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => fromWire(v, opts));
  if (!isPlainObject(value)) throw new Error(`${opts.label}: unsupported wire value ${String(value)}`);
  const sig = value[SIGNATURE_KEY];
  if (sig === SECRET_SIG) return new Secret(fromWire(value["value"], opts));
  if (sig === RESOURCE_SIG) {
    const id = value["id"];
    return new ResourceReference(
      String(value["urn"]),
      id === undefined ? undefined : fromWire(id === "" ? UNKNOWN_SENTINEL : id, { ...opts, keepUnknowns: true }),
      typeof value["packageVersion"] === "string" ? value["packageVersion"] : "",
    );
  }
  if (sig === ASSET_SIG || sig === ARCHIVE_SIG || sig === OUTPUT_SIG) {
    throw new Error(`${opts.label}: assets, archives and output values are not supported by the test engine`);
  }
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromWire(v, opts);
  return out;
}

export function mapFromWire(value: Record<string, unknown> | undefined, opts: UnmarshalOptions): PropertyMap {
  return value === undefined ? {} : (fromWire(value, opts) as PropertyMap);
}

export interface MarshalOptions {
  keepSecrets: boolean;
  keepUnknowns: boolean;
  keepResources: boolean;
}

/** Property value → wire value; undefined means "omit" (an unknown when unknowns are not kept). */
export function toWire(value: PropertyValue, opts: MarshalOptions): unknown {
  if (value instanceof Unknown) return opts.keepUnknowns ? UNKNOWN_SENTINEL : undefined;
  if (value instanceof Secret) {
    const element = toWire(value.element, opts);
    if (!opts.keepSecrets || element === undefined) return element;
    return { [SIGNATURE_KEY]: SECRET_SIG, value: element };
  }
  if (value instanceof ResourceReference) {
    if (opts.keepResources) {
      const ref: Record<string, unknown> = { [SIGNATURE_KEY]: RESOURCE_SIG, urn: value.urn };
      if (value.id !== undefined) ref["id"] = value.id instanceof Unknown ? "" : toWire(value.id, opts);
      if (value.packageVersion) ref["packageVersion"] = value.packageVersion;
      return ref;
    }
    // A provider that does not accept references sees the id of a custom resource, the URN of a component.
    return value.id === undefined ? value.urn : toWire(value.id, opts);
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v, opts) ?? null);
  if (isMap(value)) return mapToWire(value, opts);
  return value;
}

export function mapToWire(map: PropertyMap, opts: MarshalOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort()) {
    const v = toWire(map[key]!, opts);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries and transformations

function containsSecrets(v: PropertyValue): boolean {
  if (v instanceof Secret) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isMap(v)) return Object.values(v).some(containsSecrets);
  return false;
}

export function containsUnknowns(v: PropertyValue): boolean {
  if (v instanceof Unknown) return true;
  if (v instanceof Secret) return containsUnknowns(v.element);
  if (v instanceof ResourceReference) return v.id instanceof Unknown;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isMap(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

function unwrapSecrets(v: PropertyValue): PropertyValue {
  if (v instanceof Secret) return unwrapSecrets(v.element);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (isMap(v)) return mapValues(v, unwrapSecrets);
  return v;
}

function mapValues(map: PropertyMap, f: (v: PropertyValue) => PropertyValue): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(map)) out[k] = f(v);
  return out;
}

function copyMap(map: PropertyMap): PropertyMap {
  return copyValue(map) as PropertyMap;
}

function copyValue(v: PropertyValue): PropertyValue {
  if (v instanceof Secret) return new Secret(copyValue(v.element));
  if (Array.isArray(v)) return v.map(copyValue);
  if (isMap(v)) return mapValues(v, copyValue);
  return v;
}

/**
 * annotateSecrets (provider_plugin.go): a provider that does not accept secrets gets plain values; afterwards an
 * output becomes secret when the input with the same key held a secret, recursing through objects.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): void {
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in outs)) continue;
    const outValue = outs[key]!;
    if (isMap(outValue) && isMap(inValue)) annotateSecrets(outValue, inValue);
    else if (!(outValue instanceof Secret) && containsSecrets(inValue)) outs[key] = new Secret(outValue);
  }
}

function deepEqual(a: PropertyValue, b: PropertyValue): boolean {
  if (a instanceof Secret || b instanceof Secret) {
    return a instanceof Secret && b instanceof Secret && deepEqual(a.element, b.element);
  }
  if (a instanceof ResourceReference || b instanceof ResourceReference) {
    return (
      a instanceof ResourceReference &&
      b instanceof ResourceReference &&
      a.urn === b.urn &&
      deepEqual(a.id ?? null, b.id ?? null)
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]!));
  }
  if (isMap(a) || isMap(b)) {
    if (!isMap(a) || !isMap(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k] ?? null, b[k] ?? null)) return false;
    return true;
  }
  return a === b;
}

/** A path into a property value, as the engine's PropertyPath: keys and array indices ("*" matches anything). */
export type PropertyPath = (string | number)[];

/** Parses `a.b[0]["c.d"]` style paths (resource.ParsePropertyPath). */
export function parsePropertyPath(text: string): PropertyPath {
  const path: PropertyPath = [];
  let i = 0;
  let key = "";
  const flushKey = () => {
    if (key !== "") path.push(key);
    key = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ".") {
      flushKey();
      i++;
    } else if (c === "[") {
      flushKey();
      const close = text.indexOf("]", i);
      if (close < 0) throw new Error(`invalid property path '${text}': missing ']'`);
      const inner = text.slice(i + 1, close);
      if (inner.startsWith('"')) path.push(JSON.parse(inner) as string);
      else if (inner === "*") path.push("*");
      else if (/^\d+$/.test(inner)) path.push(Number(inner));
      else throw new Error(`invalid property path '${text}': bad index '${inner}'`);
      i = close + 1;
    } else {
      key += c;
      i++;
    }
  }
  flushKey();
  return path;
}

/** PropertyPath.Contains: `prefix` is a prefix of `path`, "*" matching any one segment. */
export function pathContains(prefix: PropertyPath, path: PropertyPath): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => segment === "*" || segment === path[i]);
}

/**
 * processIgnoreChanges (step_generator.go): for each ignoreChanges path, the new inputs take the old value (or lose
 * the key when the old inputs had none). Returns a new map and the paths that could not be applied.
 */
export function applyIgnoreChanges(
  inputs: PropertyMap,
  oldInputs: PropertyMap,
  ignoreChanges: string[],
): { inputs: PropertyMap; invalidPaths: string[] } {
  const result = copyMap(inputs);
  const invalidPaths: string[] = [];
  for (const text of ignoreChanges) {
    if (!resetPath(parsePropertyPath(text), oldInputs, result)) invalidPaths.push(text);
  }
  return { inputs: result, invalidPaths };
}

// PropertyPath.reset (properties_path.go), on containers already copied by the caller so it can edit in place.
function resetPath(
  path: PropertyPath,
  oldValue: PropertyValue,
  newValue: PropertyValue,
  oldIsSecret = false,
  newIsSecret = false,
): boolean {
  const [key, ...rest] = path;
  if (key === undefined) return false;
  // Walk through secrets, remembering that a value copied out of one must stay secret.
  if (oldValue instanceof Secret) [oldValue, oldIsSecret] = [oldValue.element, true];
  if (newValue instanceof Secret) [newValue, newIsSecret] = [newValue.element, true];
  const carry = (v: PropertyValue): PropertyValue => (oldIsSecret && !newIsSecret ? new Secret(copyValue(v)) : copyValue(v));
  const oldArray = Array.isArray(oldValue) ? oldValue : undefined;
  const newArray = Array.isArray(newValue) ? newValue : undefined;
  const oldMap = isMap(oldValue) ? oldValue : undefined;
  const newMap = isMap(newValue) ? newValue : undefined;

  if (typeof key === "number") {
    if (rest.length === 0) {
      if (!oldArray && !newArray) return true;
      if (!oldArray || !newArray) return false;
      if (key >= oldArray.length && key >= newArray.length) return true;
      if (key >= oldArray.length || key >= newArray.length) return false;
      newArray[key] = carry(oldArray[key]!);
      return true;
    }
    if (!oldArray || !newArray) return !oldArray && !newArray;
    if (key >= oldArray.length || key >= newArray.length) return false;
    return resetPath(rest, oldArray[key]!, newArray[key]!, oldIsSecret, newIsSecret);
  }

  if (key === "*") {
    if (rest.length === 0) {
      if (newMap) {
        if (oldMap) {
          for (const k of Object.keys(newMap)) if (!(k in oldMap)) delete newMap[k];
          for (const [k, v] of Object.entries(oldMap)) newMap[k] = carry(v);
        }
        return true;
      }
      if (newArray) {
        if (!oldArray) return true;
        oldArray.forEach((v, i) => {
          if (i < newArray.length) newArray[i] = carry(v);
        });
        return oldArray.length === newArray.length;
      }
      return false;
    }
    if (oldMap && newMap) {
      return Object.keys(oldMap).every(
        (k) => k in newMap && resetPath(rest, oldMap[k]!, newMap[k]!, oldIsSecret, newIsSecret),
      );
    }
    if (oldArray && newArray) {
      const ok = oldArray.every(
        (v, i) => i >= newArray.length || resetPath(rest, v, newArray[i]!, oldIsSecret, newIsSecret),
      );
      return ok && oldArray.length === newArray.length;
    }
    return false;
  }

  if (rest.length === 0) {
    if (oldMap && key in oldMap) {
      if (!newMap) return false;
      newMap[key] = carry(oldMap[key]!);
    } else if (newMap) {
      delete newMap[key];
    }
    return true;
  }
  if (!oldMap || !newMap) return !oldMap && !newMap;
  const hasOld = key in oldMap;
  const hasNew = key in newMap;
  if (hasOld && !hasNew) return false;
  if (!hasOld && !hasNew) return true;
  return resetPath(rest, hasOld ? oldMap[key]! : null, newMap[key]!, oldIsSecret, newIsSecret);
}

// ---------------------------------------------------------------------------------------------------------------
// Engine-side diff (PropertyMap.Diff + NewDetailedDiffFromObjectDiff), used when a provider answers DIFF_UNKNOWN.

export interface InputDiff {
  /** Top-level keys that were added, deleted or updated, sorted. */
  changedKeys: string[];
  /** Every changed leaf path, e.g. ["tags", "a"]. */
  paths: PropertyPath[];
}

/** Null and absent are the same; secrets are compared by their contents. */
export function diffMaps(olds: PropertyMap, news: PropertyMap): InputDiff {
  const paths: PropertyPath[] = [];
  collectDiff([], unwrapSecrets(olds), unwrapSecrets(news), paths);
  const changedKeys = [...new Set(paths.map((p) => String(p[0])))].sort();
  return { changedKeys, paths };
}

function collectDiff(prefix: PropertyPath, a: PropertyValue, b: PropertyValue, out: PropertyPath[]): void {
  if (isMap(a) && isMap(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const av = a[k] ?? null;
      const bv = b[k] ?? null;
      if (av === null && bv === null) continue;
      if (av === null || bv === null) out.push([...prefix, k]);
      else collectDiff([...prefix, k], av, bv, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => collectDiff([...prefix, i], v, b[i]!, out));
    return;
  }
  if (!deepEqual(a, b)) out.push(prefix);
}

// ---------------------------------------------------------------------------------------------------------------
// Display

/** Plain JS view of a value for users: secrets as "[secret]", unknowns as "[unknown]". */
export function toDisplay(v: PropertyValue): unknown {
  if (v instanceof Secret) return "[secret]";
  if (v instanceof Unknown) return "[unknown]";
  if (v instanceof ResourceReference) return v.urn;
  if (Array.isArray(v)) return v.map(toDisplay);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) out[k] = toDisplay(child);
    return out;
  }
  return v;
}
