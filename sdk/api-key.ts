import * as pulumi from "@pulumi/pulumi";
import { apiKeyFields } from "../fields/api-key";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { dynamicResource } from "./common";

/** Arguments of an {@link ApiKey}. */
export type ApiKeyArgs = ArgsOf<typeof apiKeyFields.inputs>;

export interface ApiKey extends OutputsOf<typeof apiKeyFields> {}

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
  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(apiKeyFields, name, args, opts));
  }
}
