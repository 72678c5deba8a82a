import * as pulumi from "@pulumi/pulumi";
import type { AdoptableArgs, DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

/** Arguments of a {@link Secret}. */
export interface SecretArgs extends DidomiResourceArgs, AdoptableArgs {
  /**
   * The secret's name; also how an existing secret is found for adoption (so keep names unique).
   *
   * @example "user-id-hashing"
   */
  name: pulumi.Input<string>;
  /** A free-text description. */
  description?: pulumi.Input<string>;
  /**
   * Arbitrary values; changing any of them replaces the secret, which gives it a new value.
   *
   * @example { rotatedOn: "2026-11-01" }
   *
   * Caution: any change replaces the secret. It keeps its name, so the old secret is deleted first (deleted
   * secrets are unrecoverable), then the new one is created with a new value.
   */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Didomi secret, used to hash or sign values on the client side (user-id authentication in the SDKs,
 * proof URLs). Didomi generates the value; it is a secret output. An organization holds at most 300.
 *
 * @example
 * ```ts
 * const hashing = new didomi.Secret("user-id-hashing", { name: "user-id-hashing" });
 * export const hashingSecretId = hashing.id;
 * ```
 */
export class Secret extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly organizationId: pulumi.Output<string>;
  declare public readonly rotationTriggers: pulumi.Output<Record<string, string> | undefined>;
  /** The generated secret value (a Pulumi secret). */
  declare public readonly value: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("Secret"),
      name,
      propsWithOutputs(args, ["name", "description", "organizationId", "rotationTriggers", "value", "createdAt"]),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
      TYPE_MODULE,
      "Secret",
    );
  }
}
