import * as pulumi from "@pulumi/pulumi";
import type { DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

/** Arguments of a {@link Deployment}. */
export interface DeploymentArgs extends DidomiResourceArgs {
  /**
   * The notice to publish.
   *
   * Caution: any input change replaces the deployment, which publishes the current draft again (unless
   * the draft's content is already what is published).
   */
  noticeId: pulumi.Input<string>;
  /**
   * The content to publish: wire it to {@link NoticeConfig.contentHash}, so that a content change
   * publishes once and nothing else does.
   *
   * Caution: a change replaces the deployment, i.e. publishes.
   */
  contentHash: pulumi.Input<string>;
  /**
   * A description of the changes, kept with the deployment for audit.
   *
   * Caution: a change replaces the deployment; when the content is already published, no new deployment
   * is made and the existing one is kept.
   */
  message?: pulumi.Input<string>;
  /**
   * How long to wait for the deployment to succeed.
   *
   * @default 600
   */
  timeoutSeconds?: pulumi.Input<number>;
}

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
  declare public readonly noticeId: pulumi.Output<string>;
  declare public readonly organizationId: pulumi.Output<string>;
  declare public readonly contentHash: pulumi.Output<string>;
  declare public readonly message: pulumi.Output<string | undefined>;
  /** The published config id. */
  declare public readonly productionConfigId: pulumi.Output<string>;
  /** `success` once published. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  /** Set by a refresh when a later deployment (not from this stack) replaced this one. */
  declare public readonly supersededBy: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("Deployment"),
      name,
      propsWithOutputs(args, ["noticeId", "organizationId", "contentHash", "message", "productionConfigId", "status", "createdAt", "supersededBy"]),
      opts,
      TYPE_MODULE,
      "Deployment",
    );
  }
}
