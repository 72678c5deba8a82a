// Credentials and connection settings. Precedence: resource inputs, then stack config (handed to the
// provider process once by the shim's `configure`), then DIDOMI_* environment variables.
import { getClient, type DidomiClient } from "./client";
import { log } from "./log";

export const DEFAULT_BASE_URL = "https://api.didomi.io/v1";

/** Where each setting comes from: the stack config key and its environment fallback. */
const SOURCES = {
  apiKey: { config: "didomi:apiKey", env: "DIDOMI_API_KEY", secret: false },
  apiSecret: { config: "didomi:apiSecret", env: "DIDOMI_API_SECRET", secret: true },
  organizationId: { config: "didomi:organizationId", env: "DIDOMI_ORGANIZATION_ID", secret: false },
  baseUrl: { config: "didomi:baseUrl", env: "DIDOMI_BASE_URL", secret: false },
  maxRequestsPer15s: { config: "didomi:maxRequestsPer15s", env: "DIDOMI_MAX_REQUESTS_PER_15S", secret: false },
} as const;
type Setting = keyof typeof SOURCES;

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

/** The organization a resource belongs to: its own input, else the stack's. */
export function resolveOrganizationId(input: unknown): string | undefined {
  return typeof input === "string" && input !== "" ? input : setting("organizationId");
}

/** How to fix a missing organization id, for check failures. */
export const ORGANIZATION_ID_HELP = `set the resource's organizationId input, or ${howToSet("organizationId")}`;

/** One message naming every missing credential and how to provide it, or undefined when all are there. */
export function missingCredentials(): string | undefined {
  const missing = (["apiKey", "apiSecret"] as const).filter((name) => !setting(name));
  if (missing.length === 0) return undefined;
  return `Didomi credentials are missing: ${missing.map((name) => `${SOURCES[name].config} (${howToSet(name)})`).join("; ")}.`;
}

export interface Connection {
  client: DidomiClient;
  organizationId: string;
  /** The API the client talks to: with the organization, it names limits shared across API keys. */
  baseUrl: string;
}

/** The client and organization for one resource. Throws a configuration error a user can act on. */
export function connect(resource: object): Connection {
  const inputs = resource as { organizationId?: unknown; baseUrl?: unknown };
  const missing = missingCredentials();
  if (missing) throw new Error(missing);
  const organizationId = resolveOrganizationId(inputs.organizationId);
  if (!organizationId) throw new Error(`No Didomi organization id: ${ORGANIZATION_ID_HELP}.`);
  const baseUrl = (typeof inputs.baseUrl === "string" && inputs.baseUrl) || setting("baseUrl") || DEFAULT_BASE_URL;
  const budget = setting("maxRequestsPer15s");
  if (budget !== undefined && !(Number(budget) > 0)) {
    throw new Error(`didomi:maxRequestsPer15s is ${JSON.stringify(budget)}; use a positive number such as 100`);
  }
  const client = getClient({
    baseUrl,
    apiKey: setting("apiKey")!,
    apiSecret: setting("apiSecret")!,
    maxRequestsPer15s: budget === undefined ? undefined : Number(budget),
    log: (level, message) => log[level](message),
  });
  return { client, organizationId, baseUrl };
}
