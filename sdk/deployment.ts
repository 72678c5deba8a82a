import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { deploymentFields } from "../fields/deployment";
import { dynamicResource } from "./common";

/** Arguments of a {@link Deployment}. */
export type DeploymentArgs = ArgsOf<typeof deploymentFields.inputs>;

export interface Deployment extends OutputsOf<typeof deploymentFields> {}

/**
 * A publication of a notice's draft configuration: the draft becomes immutable (kept for audit) and
 * Didomi creates the next draft as a copy. Deployments cannot be changed or deleted in Didomi, so every
 * input change makes a new one and deleting the resource only removes it from the stack. A `pulumi refresh`
 * notices when a later publication (from the console) replaced this one, and the next `pulumi up`
 * publishes the declared content again.
 *
 * @example
 * ```ts
 * const published = new didomi.Deployment("www", {
 *   noticeId: notice.id,
 *   contentHash: config.contentHash,
 *   message: "Managed by Pulumi",
 * });
 * ```
 */
export class Deployment extends pulumi.dynamic.Resource {
  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(deploymentFields, name, args, opts));
  }
}
