// Keeps credentials and secret values out of every text the client produces (error messages, log lines).
// The client never puts request headers or raw bodies into a text in the first place; this is the second line
// of defence for what it does quote: Didomi's own error message and field errors, which could echo a value.

const REDACTED = "[redacted]";

/** Field names whose string values in a Didomi response are credentials: learnt so they can be scrubbed later. */
const SECRET_FIELD_NAMES = new Set(["secret", "access_token"]);

/** Strings shorter than this are not treated as secrets: scrubbing "a" would mangle every message. */
const MIN_SECRET_LENGTH = 6;

/**
 * Every secret this process has seen, whichever client or resource saw it: a key's secret read back from one
 * resource's state must be scrubbed from an error that another request's response echoes.
 */
const knownSecrets = new Set<string>();

/** Remembers a value that must never appear in a message (the API secret, a session token, a secret value). */
export function rememberSecret(value: unknown): void {
  if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

/** The text with every secret this process knows, and any bearer token, replaced by "[redacted]". */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const secret of knownSecrets) scrubbed = scrubbed.split(secret).join(REDACTED);
  // A bearer token the client has not seen (another process's) still must not be quoted.
  return scrubbed.replace(/Bearer\s+[\w.~+/=-]+/gi, `Bearer ${REDACTED}`);
}

/** Remembers every `secret` / `access_token` string found anywhere in a parsed response body. */
export function learnSecretsFrom(body: unknown): void {
  if (Array.isArray(body)) {
    for (const item of body) learnSecretsFrom(item);
  } else if (body !== null && typeof body === "object") {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === "string" && SECRET_FIELD_NAMES.has(key)) rememberSecret(value);
      else learnSecretsFrom(value);
    }
  }
}
