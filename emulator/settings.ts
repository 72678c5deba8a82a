// Emulator settings: every INFERRED rule of BEHAVIOR.md that a test may want to flip, plus a few knobs for tests
// and benchmarks. Precedence: defaults < timing < settings file < environment < startEmulator options < control
// endpoint.
import { readFileSync } from "node:fs";

export type EmulatorSettings = {
  /** Lifetime of a session token (JWT `exp` - `iat`). */
  tokenTtlSeconds: number;
  /** Requests per organization per window (fixed window). */
  rateLimit: number;
  rateWindowSeconds: number;
  /** Whether POST /sessions counts against the rate limit (it is unauthenticated, so it is keyed by the key's organization). */
  rateLimitSessions: boolean;
  /** Page size when `$limit` is absent. */
  defaultPageSize: number;
  /** Largest page; a larger `$limit` is clamped, or rejected with 400 when `rejectLimitAboveMax`. */
  maxPageSize: number;
  rejectLimitAboveMax: boolean;
  /** "envelope" = `{total,limit,skip,data}`; "array" = bare array (what openapi.yml declares). */
  listShape: "envelope" | "array";
  /** Status of a successful POST (create): 201 like Feathers, 200 like openapi.yml. */
  createStatus: 200 | 201;
  /** 400 when a list request has no `organization_id` filter. */
  requireOrgIdOnList: boolean;
  /** 400 on unknown body fields instead of ignoring them. */
  strictBodies: boolean;
  /** 409 when an update carries a `version` different from the stored one. */
  enforceVersion: boolean;
  /** Status when a published (deployed) notice config is patched. */
  publishedPatchStatus: 400 | 403 | 409;
  /** What DELETE /widgets/notices/{id} does to the notice's configs, deployments and sdk-configs. */
  noticeDeleteMode: "keep-audit" | "cascade" | "forbid-if-deployed";
  /** scheduled → deploying (from half the delay) → ready | failed. */
  domainProvisionDelayMs: number;
  /** to_be_deleted → deleting (from half the delay) → removed. */
  domainDeleteDelayMs: number;
  /** Domains whose FQDN matches this regular expression end their provisioning in `failed`. */
  failDomainsRegex: string | null;
  /** Domains whose FQDN matches this regular expression end their deletion in `failed` (the record stays). */
  failDomainDeletionsRegex: string | null;
  /** ready → running (from half the delay) → success | failure. */
  deploymentDelayMs: number;
  /** Deployments of this notice id end in `failure`. */
  failDeploymentsForNotice: string | null;
  quotas: { secrets: number; parallel_notices_deployments: number };
  /** Status when a quota is exceeded. */
  quotaExceededStatus: 400 | 403 | 429;
  /** Domains under these zones get `type: "managed"`, all others `custom`. */
  managedZones: string[];
  /** Add Feathers' `className` to error bodies. */
  errorIncludeClassName: boolean;
  /** Tokens minted from a key stop working once the key is deleted (default: they stay valid until expiry). */
  revokeTokensOnKeyDelete: boolean;
  /** GET /secrets returns the `secret` value (the create response always does). */
  secretValueOnRead: boolean;
  /** Added to every /v1 response (benchmarks). */
  latencyMs: number;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
};

export type SettingName = keyof EmulatorSettings;
export type SettingsPatch = Partial<EmulatorSettings>;

export const defaultSettings: EmulatorSettings = Object.freeze({
  tokenTtlSeconds: 3600,
  rateLimit: 100,
  rateWindowSeconds: 15,
  rateLimitSessions: false,
  defaultPageSize: 100,
  maxPageSize: 100,
  rejectLimitAboveMax: false,
  listShape: "envelope",
  createStatus: 201,
  requireOrgIdOnList: false,
  strictBodies: false,
  enforceVersion: false,
  publishedPatchStatus: 400,
  noticeDeleteMode: "keep-audit",
  domainProvisionDelayMs: 0,
  domainDeleteDelayMs: 0,
  failDomainsRegex: null,
  failDomainDeletionsRegex: null,
  deploymentDelayMs: 0,
  failDeploymentsForNotice: null,
  quotas: Object.freeze({ secrets: 300, parallel_notices_deployments: 3 }),
  quotaExceededStatus: 403,
  managedZones: Object.freeze(["privacy-center.org", "preference-center.org"]) as string[],
  errorIncludeClassName: false,
  revokeTokensOnKeyDelete: false,
  secretValueOnRead: true,
  latencyMs: 0,
  maxBodyBytes: 1_048_576,
}) as EmulatorSettings;

/**
 * What `didomi-emulator` and `npm run demo` start with (`timing: "realistic"`): Didomi's asynchronous work, scaled
 * down to seconds, so that a user sees the statuses go by as a client sees them at Didomi. The library default is
 * instant (0 ms), which tests want.
 */
export const realisticTiming: SettingsPatch = Object.freeze({
  deploymentDelayMs: 2000,
  domainProvisionDelayMs: 3000,
  domainDeleteDelayMs: 2000,
});

/** Returns an error message ("must be …") or undefined when the value is acceptable. */
type Check = (value: unknown) => string | undefined;

const integer =
  (min: number): Check =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min ? undefined : `must be an integer >= ${min}`;
const boolean: Check = (value) => (typeof value === "boolean" ? undefined : "must be true or false");
const oneOf =
  (allowed: readonly unknown[]): Check =>
  (value) =>
    allowed.includes(value) ? undefined : `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
const nullableString: Check = (value) =>
  value === null || (typeof value === "string" && value !== "") ? undefined : "must be a non-empty string or null";
const regexOrNull: Check = (value) => {
  const notString = nullableString(value);
  if (notString || value === null) return notString;
  try {
    new RegExp(value as string);
    return undefined;
  } catch (error) {
    return `must be a valid regular expression (${(error as Error).message})`;
  }
};
const zones: Check = (value) =>
  Array.isArray(value) && value.every((zone) => typeof zone === "string" && /^[a-z0-9.-]+\.[a-z]+$/.test(zone))
    ? undefined
    : 'must be an array of lowercase DNS zones such as "privacy-center.org"';
const quotas: Check = (value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "must be an object";
  for (const [name, limit] of Object.entries(value)) {
    if (!(name in defaultSettings.quotas)) return `has unknown quota "${name}" (known: secrets, parallel_notices_deployments)`;
    if (!Number.isInteger(limit) || (limit as number) < 0) return `.${name} must be an integer >= 0`;
  }
  return undefined;
};

const checks: Record<SettingName, Check> = {
  tokenTtlSeconds: integer(0),
  rateLimit: integer(1),
  rateWindowSeconds: integer(1),
  rateLimitSessions: boolean,
  defaultPageSize: integer(0),
  maxPageSize: integer(1),
  rejectLimitAboveMax: boolean,
  listShape: oneOf(["envelope", "array"]),
  createStatus: oneOf([200, 201]),
  requireOrgIdOnList: boolean,
  strictBodies: boolean,
  enforceVersion: boolean,
  publishedPatchStatus: oneOf([400, 403, 409]),
  noticeDeleteMode: oneOf(["keep-audit", "cascade", "forbid-if-deployed"]),
  domainProvisionDelayMs: integer(0),
  domainDeleteDelayMs: integer(0),
  failDomainsRegex: regexOrNull,
  failDomainDeletionsRegex: regexOrNull,
  deploymentDelayMs: integer(0),
  failDeploymentsForNotice: nullableString,
  quotas,
  quotaExceededStatus: oneOf([400, 403, 429]),
  managedZones: zones,
  errorIncludeClassName: boolean,
  revokeTokensOnKeyDelete: boolean,
  secretValueOnRead: boolean,
  latencyMs: integer(0),
  maxBodyBytes: integer(1),
};

const settingNames = Object.keys(checks) as SettingName[];

/** Thrown for bad settings; `errors` maps each offending setting name to what is wrong. */
export class SettingsError extends Error {
  constructor(
    readonly source: string,
    readonly errors: Record<string, string>,
  ) {
    super(
      `Invalid emulator settings from ${source}: ` +
        Object.entries(errors)
          .map(([name, problem]) => `${name} ${problem}`)
          .join("; "),
    );
  }
}

/** Validates a partial settings object (unknown names are errors) and returns it typed. */
export function validateSettingsPatch(patch: unknown, source: string): SettingsPatch {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new SettingsError(source, { "": "settings must be a JSON object" });
  }
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(patch)) {
    const check = checks[name as SettingName];
    const problem = check
      ? check(value)
      : `is not a setting (known settings: ${settingNames.join(", ")})`;
    if (problem) errors[name] = `${problem} (got ${JSON.stringify(value)})`;
  }
  if (Object.keys(errors).length > 0) throw new SettingsError(source, errors);
  return patch as SettingsPatch;
}

/** Applies a validated patch; `quotas` merges per quota so `{quotas:{secrets:2}}` keeps the other quota. */
export function applySettingsPatch(settings: EmulatorSettings, patch: SettingsPatch): EmulatorSettings {
  return { ...settings, ...patch, quotas: { ...settings.quotas, ...patch.quotas } };
}

/** `rateLimit` → `DIDOMI_EMULATOR_RATE_LIMIT`. */
export function settingEnvName(name: SettingName): string {
  return "DIDOMI_EMULATOR_" + name.replace(/[A-Z]/g, (letter) => "_" + letter).toUpperCase();
}

const ENV_PREFIX = "DIDOMI_EMULATOR_";

/** Reads `DIDOMI_EMULATOR_*` variables; values are JSON-parsed when possible (`5`, `true`, `null`), else taken as strings. */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): SettingsPatch {
  const byEnvName = new Map(settingNames.map((name) => [settingEnvName(name), name]));
  const patch: Record<string, unknown> = {};
  const unknown: Record<string, string> = {};
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const name = byEnvName.get(variable);
    if (!name) {
      unknown[variable] = `is not a setting variable (known: ${[...byEnvName.keys()].join(", ")})`;
      continue;
    }
    patch[name] = parseLoosely(raw);
  }
  if (Object.keys(unknown).length > 0) throw new SettingsError("the environment", unknown);
  return validateSettingsPatch(patch, "the environment");
}

function parseLoosely(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function settingsFromFile(file: string): SettingsPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read emulator settings file ${file}: ${(error as Error).message}`);
  }
  return validateSettingsPatch(parsed, `settings file ${file}`);
}

/** defaults < base (e.g. `realisticTiming`) < settings file < environment < explicit settings. */
export function resolveSettings(options: {
  base?: SettingsPatch;
  settingsFile?: string;
  env?: NodeJS.ProcessEnv;
  settings?: unknown;
}): EmulatorSettings {
  let settings = applySettingsPatch(defaultSettings, options.base ?? {});
  if (options.settingsFile) settings = applySettingsPatch(settings, settingsFromFile(options.settingsFile));
  if (options.env) settings = applySettingsPatch(settings, settingsFromEnvironment(options.env));
  if (options.settings !== undefined) {
    settings = applySettingsPatch(settings, validateSettingsPatch(options.settings, "startEmulator options"));
  }
  return settings;
}
