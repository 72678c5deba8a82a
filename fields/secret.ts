import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field } from "./define";

/** Arguments of a {@link Secret}. */
export class SecretInputs {
  /**
   * The secret's name; also how an existing secret is found for adoption (so keep names unique).
   *
   * @example "user-id-hashing"
   */
  name = field(naturalKey(), { naturalKey: true });
  /** A free-text description. */
  description = field(z.string().optional(), { clearable: true });
  /**
   * Arbitrary values; changing any of them replaces the secret, which gives it a new value.
   *
   * Caution: any change replaces the secret. It keeps its name, so the old secret is deleted first (deleted
   * secrets are unrecoverable), then the new one is created with a new value.
   *
   * @example { rotatedOn: "2026-11-01" }
   */
  rotationTriggers = field(z.record(z.string(), z.string()).optional(), { providerOnly: true, replaceOnChange: true });
}

export class SecretOutputs {
  /** The generated secret value (a Pulumi secret). */
  value = field(z.string(), { secret: true });
}

export const secretFields = resource("Secret", { inputs: new SecretInputs(), outputs: new SecretOutputs(), adoptable: true });
