import * as pulumi from "@pulumi/pulumi";
import type { AdoptableArgs, DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

/** Arguments of an {@link ApiKey}. */
export interface ApiKeyArgs extends DidomiResourceArgs, AdoptableArgs {
  /**
   * A name unique in the organization; also how an existing key is found for adoption.
   *
   * @example "ci-deploy"
   */
  name: pulumi.Input<string>;
  /** A free-text description. */
  description?: pulumi.Input<string>;
  /**
   * A disabled key cannot obtain new session tokens (tokens already issued stay valid until they expire).
   *
   * @default true
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Arbitrary values; changing any of them replaces the key, which rotates its secret.
   *
   * @example { rotatedOn: "2026-11-01" }
   *
   * Caution: any change replaces the key. Keys keep their name, which is unique, so the old key is deleted
   * first, then the new key and secret are created: update whatever uses the old secret right after.
   */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A private Didomi API key. Its secret exists only in the response that creates the key, so it is stored
 * in the stack state as a Pulumi secret and cannot be recovered for an adopted key.
 *
 * @example
 * ```ts
 * const key = new didomi.ApiKey("ci", { name: "ci-deploy", description: "Used by the CI pipeline" });
 * export const ciKeyId = key.keyId;
 * export const ciKeySecret = key.secret; // a secret output
 * ```
 */
export class ApiKey extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly enabled: pulumi.Output<boolean | undefined>;
  declare public readonly organizationId: pulumi.Output<string>;
  declare public readonly rotationTriggers: pulumi.Output<Record<string, string> | undefined>;
  /** The key id: the `key` of a session request, and the value for the `didomi:apiKey` config. */
  declare public readonly keyId: pulumi.Output<string>;
  /** The key's secret (a Pulumi secret). Absent for an adopted key: rotate it to get one. */
  declare public readonly secret: pulumi.Output<string | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("ApiKey"),
      name,
      propsWithOutputs(args, ["name", "description", "enabled", "organizationId", "rotationTriggers", "keyId", "secret", "createdAt"]),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret"] }),
      TYPE_MODULE,
      "ApiKey",
    );
  }
}
