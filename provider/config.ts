// Credentials and connection settings. Precedence: resource inputs, then stack config (handed to the
// provider process once by the shim's `configure`), then DIDOMI_* environment variables.
import { getClient, type ClientOptions, type DidomiClient } from "./client";
import { NUMBER_SETTINGS, SETTING_SOURCES as SOURCES, type NumberSettingName, type SettingName as Setting } from "./client/settings";
import { log } from "./log";

export const DEFAULT_BASE_URL = "https://api.didomi.io/v1";

let stackConfig: Partial<Record<Setting, string>> = {};

/** Called by the shim with the stack config of the running stack (namespaced keys, secrets unwrapped). */
export function configure(getConfig: (key: string) => string | undefined): void {
  stackConfig = {};
  for (const [setting, source] of Object.entries(SOURCES) as [Setting, (typeof SOURCES)[Setting]][]) {
    const value = getConfig(source.config);
    if (value !== undefined && value !== "") stackConfig[setting] = value;
  }
}

function setting(name: Setting): string | undefined {
  const fromEnv = process.env[SOURCES[name].env];
  return stackConfig[name] ?? (fromEnv === "" ? undefined : fromEnv);
}

function howToSet(name: Setting): string {
  const { config, env, secret } = SOURCES[name];
  return `set it with \`pulumi config set ${secret ? "--secret " : ""}${config} <value>\` or the environment variable ${env}`;
}

/** A resource's own `connection` input: each field it sets wins over the stack config and the environment. */
export interface ConnectionOverrides {
  organizationId?: string;
  apiKey?: string;
  apiSecret?: string;
  baseUrl?: string;
}

const given = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The organization a resource belongs to: its own input, else its connection's, else the stack's. */
export function resolveOrganizationId(input: unknown, connection?: ConnectionOverrides): string | undefined {
  return given(input) ?? given(connection?.organizationId) ?? setting("organizationId");
}

/** How to fix a missing organization id, for check failures. */
export const ORGANIZATION_ID_HELP = `set the resource's organizationId input, or ${howToSet("organizationId")}`;

/** One message naming every missing credential and how to provide it, or undefined when all are there. */
export function missingCredentials(connection?: ConnectionOverrides): string | undefined {
  const missing = (["apiKey", "apiSecret"] as const).filter((name) => !given(connection?.[name]) && !setting(name));
  if (missing.length === 0) return undefined;
  return `Didomi credentials are missing: ${missing.map((name) => `${SOURCES[name].config} (${howToSet(name)})`).join("; ")}.`;
}

export interface Connection {
  client: DidomiClient;
  organizationId: string;
  /** The API the client talks to: with the organization, it names limits shared across API keys. */
  baseUrl: string;
}

/**
 * The organization and client options for one resource (or, given `{}`, for the stack config alone: the export),
 * each setting by precedence. Throws a configuration error a user can act on.
 */
export function connectionSettings(resource: object): { organizationId: string } & Omit<ClientOptions, "log"> {
  const inputs = resource as { organizationId?: unknown; baseUrl?: unknown; connection?: ConnectionOverrides };
  const connection = inputs.connection;
  const missing = missingCredentials(connection);
  if (missing) throw new Error(missing);
  const organizationId = resolveOrganizationId(inputs.organizationId, connection);
  if (!organizationId) throw new Error(`No Didomi organization id: ${ORGANIZATION_ID_HELP}.`);
  return {
    organizationId,
    baseUrl: given(inputs.baseUrl) ?? given(connection?.baseUrl) ?? setting("baseUrl") ?? DEFAULT_BASE_URL,
    apiKey: given(connection?.apiKey) ?? setting("apiKey")!,
    apiSecret: given(connection?.apiSecret) ?? setting("apiSecret")!,
    ...numberSetting("maxRequestsPer15s"),
    ...numberSetting("maxRateLimitWaitSeconds"),
    ...numberSetting("maxRetries"),
    ...numberSetting("requestTimeoutSeconds"),
  };
}

/** The client and organization for one resource. Throws a configuration error a user can act on. */
export function connect(resource: object): Connection {
  const { organizationId, ...options } = connectionSettings(resource);
  const client = getClient({ ...options, log: (level, message) => log[level](message) });
  // the client's normalized URL: `…/v1` and `…/v1/` are one API, with one deployment quota
  return { client, organizationId, baseUrl: client.baseUrl };
}

/** What is wrong with the numeric settings, one message each: `check` reports them, so a preview shows them. */
export function settingProblems(): string[] {
  return (Object.keys(NUMBER_SETTINGS) as NumberSettingName[]).flatMap((name) => {
    try {
      numberSetting(name);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
}

/** `{ [name]: value }` when the setting is set, else `{}` (the client's default applies). Throws on a bad value. */
function numberSetting(name: NumberSettingName): Partial<Record<NumberSettingName, number>> {
  const text = setting(name);
  if (text === undefined) return {};
  const { default: example, rule, valid } = NUMBER_SETTINGS[name];
  const value = text.trim() === "" ? NaN : Number(text);
  if (valid(value)) return { [name]: value };
  const { config, env } = SOURCES[name];
  const source = stackConfig[name] !== undefined ? config : `${config} (from the environment variable ${env})`;
  throw new Error(`${source} is ${JSON.stringify(text)}; use ${rule} such as ${example}`);
}
