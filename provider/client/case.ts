// camelCase (Pulumi inputs and outputs) <-> snake_case (Didomi's API), in one generic place.
//
// Keys are converted recursively through objects and arrays, except under "opaque" keys: objects that Didomi
// stores verbatim (a notice's SDK `config`, `custom_json`, a regulation's `regulation_settings`) keep their keys
// exactly as the user wrote them. An opaque key may be given in either case ("customJson" or "custom_json").

export function toApiCase<T = Record<string, unknown>>(value: Record<string, unknown>, opaqueKeys: Iterable<string> = []): T {
  return convertKeys(value, camelToSnake, normalizeOpaqueKeys(opaqueKeys)) as T;
}

export function fromApiCase<T = Record<string, unknown>>(value: Record<string, unknown>, opaqueKeys: Iterable<string> = []): T {
  return convertKeys(value, snakeToCamel, normalizeOpaqueKeys(opaqueKeys)) as T;
}

export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function snakeToCamel(key: string): string {
  // Only "_" followed by a lowercase letter: "ab_1" and "_private" survive a round trip unchanged.
  return key.replace(/(?<=[^_])_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Opaque keys are compared in snake_case so that either spelling matches either direction. */
function normalizeOpaqueKeys(opaqueKeys: Iterable<string>): ReadonlySet<string> {
  return new Set(Array.from(opaqueKeys, camelToSnake));
}

function convertKeys(value: unknown, convertKey: (key: string) => string, opaqueKeys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => convertKeys(item, convertKey, opaqueKeys));
  if (!isPlainObject(value)) return value;
  const converted: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    converted[convertKey(key)] = opaqueKeys.has(camelToSnake(key)) ? child : convertKeys(child, convertKey, opaqueKeys);
  }
  return converted;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
