import * as pulumi from "@pulumi/pulumi";
import type { DidomiResourceArgs } from "./common";
import { Deployment } from "./deployment";
import { Notice, type NoticeArgs } from "./notice";
import { NoticeConfig, type NoticeConfigContentArgs } from "./notice-config";

/** Arguments of a {@link ConsentNotice}. */
export interface ConsentNoticeArgs extends DidomiResourceArgs, Omit<NoticeArgs, keyof DidomiResourceArgs> {
  /** The notice's configuration (its draft, published when `publish` is true). */
  config?: NoticeConfigContentArgs;
  /**
   * Publish the configuration: a deployment is made whenever the content changes, and only then.
   *
   * @default true
   */
  publish?: boolean;
  /** The message recorded with each deployment. @default "Published by Pulumi" */
  deploymentMessage?: pulumi.Input<string>;
}

/**
 * A consent notice, its configuration and its publication in one declaration: a {@link Notice}, a
 * {@link NoticeConfig} for its draft and, with `publish` (the default), a {@link Deployment} wired to the
 * config's `contentHash`, so that a changed configuration is published exactly once.
 *
 * @example
 * ```ts
 * const notice = new didomi.ConsentNotice("www", {
 *   name: "www.example.com",
 *   externalId: "www-example-com",
 *   config: { platform: "web", targets: ["www.example.com"], consentDuration: 6, consentDurationUnit: "months" },
 * });
 * export const noticeId = notice.noticeId;
 * ```
 */
export class ConsentNotice extends pulumi.ComponentResource {
  public readonly notice: Notice;
  public readonly config: NoticeConfig;
  /** Undefined when `publish` is false. */
  public readonly deployment?: Deployment;
  public readonly noticeId: pulumi.Output<string>;
  public readonly draftConfigId: pulumi.Output<string>;
  public readonly contentHash: pulumi.Output<string>;

  constructor(name: string, args: ConsentNoticeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("didomi:index:ConsentNotice", name, {}, opts);
    const { config = {}, publish = true, deploymentMessage, organizationId, baseUrl, connection, ...noticeArgs } = args;
    // where all three live: the component's own organization, API and credentials
    const where = { organizationId, baseUrl, connection };
    const child = { parent: this };
    this.notice = new Notice(name, { ...noticeArgs, ...where }, child);
    this.config = new NoticeConfig(name, { ...config, noticeId: this.notice.id, ...where }, child);
    if (publish) {
      this.deployment = new Deployment(
        name,
        {
          noticeId: this.notice.id,
          contentHash: this.config.contentHash,
          message: deploymentMessage ?? "Published by Pulumi",
          ...where,
        },
        child,
      );
    }
    this.noticeId = this.notice.id;
    this.draftConfigId = this.config.draftConfigId;
    this.contentHash = this.config.contentHash;
    this.registerOutputs({ noticeId: this.noticeId, draftConfigId: this.draftConfigId, contentHash: this.contentHash });
  }
}
