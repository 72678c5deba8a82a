import * as pulumi from "@pulumi/pulumi";
import type { AdoptableArgs, DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

/** Arguments of a {@link Notice}. */
export interface NoticeArgs extends DidomiResourceArgs, AdoptableArgs {
  /**
   * An internal label (never shown to users). Without `externalId`, also how an existing notice is found
   * for adoption.
   *
   * @example "www.example.com"
   */
  name: pulumi.Input<string>;
  /** The deployment environment the notice is for (free text). */
  environment?: pulumi.Input<string>;
  /** The privacy experience the notice belongs to. */
  privacyExperienceId?: pulumi.Input<string>;
  /** Where the notice comes from, with `externalId` (e.g. `"pulumi"`). */
  externalSource?: pulumi.Input<string>;
  /**
   * Your own stable id for the notice. When set, adoption and the recovery of a lost create match on it
   * exactly instead of on the name.
   *
   * @example "www-example-com"
   */
  externalId?: pulumi.Input<string>;
  /**
   * What deleting the resource does. `archive` keeps the notice (and its published configurations) in
   * Didomi but archived; `delete` removes it, which breaks consent collection on every site that still
   * embeds its id.
   *
   * @default "archive"
   */
  onDelete?: pulumi.Input<"archive" | "delete">;
}

/**
 * A consent notice. Creating one also creates its draft configuration, managed with {@link NoticeConfig};
 * publishing is a {@link Deployment}. {@link ConsentNotice} declares all three at once.
 *
 * @example
 * ```ts
 * const notice = new didomi.Notice("www", { name: "www.example.com", externalId: "www-example-com" });
 * ```
 */
export class Notice extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly organizationId: pulumi.Output<string>;
  declare public readonly environment: pulumi.Output<string | undefined>;
  declare public readonly privacyExperienceId: pulumi.Output<string | undefined>;
  declare public readonly externalSource: pulumi.Output<string | undefined>;
  declare public readonly externalId: pulumi.Output<string | undefined>;
  declare public readonly onDelete: pulumi.Output<"archive" | "delete" | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: NoticeArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("Notice"), name, propsWithOutputs(args, ["name", "organizationId", "environment", "privacyExperienceId", "externalSource", "externalId", "onDelete", "createdAt"]), opts, TYPE_MODULE, "Notice");
  }
}
