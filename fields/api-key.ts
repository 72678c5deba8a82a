import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field } from "./define";

/** Arguments of an {@link ApiKey}. */
export class ApiKeyInputs {
  /**
   * A name unique in the organization; also how an existing key is found for adoption.
   *
   * @example "ci-deploy"
   */
  name = field(naturalKey(), { naturalKey: true });
  /** A free-text description. */
  description = field(z.string().optional(), { clearable: true });
  /**
   * A disabled key cannot obtain new session tokens (tokens already issued stay valid until they expire).
   *
   * @default true
   */
  enabled = field(z.boolean().optional());
  /**
   * Arbitrary values; changing any of them replaces the key, which rotates its secret.
   *
   * Caution: any change replaces the key. Keys keep their name, which is unique, so the old key is deleted
   * first, then the new key and secret are created: update whatever uses the old secret right after.
   *
   * @example { rotatedOn: "2026-11-01" }
   */
  rotationTriggers = field(z.record(z.string(), z.string()).optional(), { providerOnly: true, replaceOnChange: true });
}

export class ApiKeyOutputs {
  /** The key id: the `key` of a session request, and the value for the `didomi:apiKey` config. */
  keyId = field(z.string());
  /** The key's secret (a Pulumi secret). Absent for an adopted key: rotate it to get one. */
  secret = field(z.string().optional(), { secret: true });
}

export const apiKeyFields = resource("ApiKey", { inputs: new ApiKeyInputs(), outputs: new ApiKeyOutputs(), adoptable: true });
