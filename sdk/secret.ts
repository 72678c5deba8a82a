import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { secretFields } from "../fields/secret";
import { dynamicResource } from "./common";

/** Arguments of a {@link Secret}. */
export type SecretArgs = ArgsOf<typeof secretFields.inputs>;

export interface Secret extends OutputsOf<typeof secretFields> {}

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
  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(secretFields, name, args, opts));
  }
}
