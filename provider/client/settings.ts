// The provider's settings: how a user sets each one (stack config key, environment variable) and, for the client's
// tunables, the default and the values allowed. provider/config.ts reads the settings from here, the client
// validates its options with these rules, and every message that tells a user to change a setting names it from here.

/** Where each setting comes from: the stack config key and its environment fallback. */
export const SETTING_SOURCES = {
  apiKey: { config: "didomi:apiKey", env: "DIDOMI_API_KEY", secret: false },
  apiSecret: { config: "didomi:apiSecret", env: "DIDOMI_API_SECRET", secret: true },
  organizationId: { config: "didomi:organizationId", env: "DIDOMI_ORGANIZATION_ID", secret: false },
  baseUrl: { config: "didomi:baseUrl", env: "DIDOMI_BASE_URL", secret: false },
  maxRequestsPer15s: { config: "didomi:maxRequestsPer15s", env: "DIDOMI_MAX_REQUESTS_PER_15S", secret: false },
  maxRateLimitWaitSeconds: { config: "didomi:maxRateLimitWaitSeconds", env: "DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS", secret: false },
  maxRetries: { config: "didomi:maxRetries", env: "DIDOMI_MAX_RETRIES", secret: false },
  requestTimeoutSeconds: { config: "didomi:requestTimeoutSeconds", env: "DIDOMI_REQUEST_TIMEOUT_SECONDS", secret: false },
} as const;
export type SettingName = keyof typeof SETTING_SOURCES;

interface NumberRule {
  default: number;
  /** "a whole number ≥ 1": what the error message asks for. */
  rule: string;
  valid: (value: number) => boolean;
}

const wholeNumber = (minimum: number, fallback: number): NumberRule => ({
  default: fallback,
  rule: `a whole number ≥ ${minimum}`,
  valid: (value) => Number.isInteger(value) && value >= minimum,
});

/** The client's tunables. A wait of 0 s would fail every request that has to queue, so the minimum is 1. */
export const NUMBER_SETTINGS = {
  maxRequestsPer15s: wholeNumber(1, 100),
  maxRateLimitWaitSeconds: wholeNumber(1, 300),
  maxRetries: wholeNumber(0, 4),
  requestTimeoutSeconds: { default: 30, rule: "a number of seconds > 0", valid: (value: number) => Number.isFinite(value) && value > 0 },
} satisfies Record<string, NumberRule>;
export type NumberSettingName = keyof typeof NUMBER_SETTINGS;

/** `didomi:maxRetries (or DIDOMI_MAX_RETRIES)`: how messages name a setting. */
export function settingName(name: SettingName): string {
  const { config, env } = SETTING_SOURCES[name];
  return `${config} (or ${env})`;
}

/** Where a base URL comes from, for messages: a resource's own input wins over the stack config. */
export const BASE_URL_SOURCES = `a resource's baseUrl input, else ${settingName("baseUrl")}`;
