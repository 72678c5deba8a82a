import * as pulumi from "@pulumi/pulumi";
import type { AdoptableArgs, DidomiResourceArgs } from "./common";
import { propsWithOutputs, TYPE_MODULE } from "./common";
import { providerShim } from "./provider-shim";

/** What a domain serves. */
export type DomainUsage = "cmp" | "privacy-center" | "preference-center";

/** Arguments of a {@link Domain}. */
export interface DomainArgs extends DidomiResourceArgs, AdoptableArgs {
  /**
   * The fully-qualified domain name, lowercase. For a custom domain, delegate it to Didomi's name servers
   * (NS records `ns1.privacy-center.org` … `ns4.privacy-center.org`) before creating it.
   *
   * @example "privacy.example.com"
   *
   * Caution: changing it replaces the domain. Replacing a domain whose name stays the same (for example
   * after a `usage` change) deletes it first, then creates it again, because a name is registered once.
   */
  domain: pulumi.Input<string>;
  /**
   * What the domain serves: `cmp` loads the consent notice SDK, `privacy-center` and `preference-center`
   * serve those pages.
   *
   * Caution: changing it replaces the domain.
   */
  usage: pulumi.Input<DomainUsage>;
  /** A free-text description. */
  description?: pulumi.Input<string>;
  /**
   * Disabling a domain de-provisions it: notices and centers served from it stop working.
   *
   * @default true
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * The id of the entity (privacy center, preference center) that uses the domain, or `null` for none.
   * A domain still assigned to an entity cannot be deleted; Pulumi clears an assignment it made itself.
   */
  entityId?: pulumi.Input<string | null>;
  /**
   * Whether search-engine bots may crawl the domain.
   *
   * @default "allow_all"
   */
  botsCrawl?: pulumi.Input<"allow_all" | "disallow_all">;
  /**
   * Wait until Didomi has provisioned the domain (`ready`) before the resource counts as created.
   *
   * @default true
   */
  waitForReady?: pulumi.Input<boolean>;
  /**
   * How long to wait for provisioning.
   *
   * @default 600
   */
  readyTimeoutSeconds?: pulumi.Input<number>;
  /**
   * How long to wait for Didomi to finish deleting the domain.
   *
   * @default 600
   */
  deleteTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A domain from which Didomi serves the consent notice SDK or a privacy/preference center. Its id is the
 * domain name. Creation schedules provisioning and waits for it; deletion schedules de-provisioning and
 * waits until the domain is gone.
 *
 * @example
 * ```ts
 * const domain = new didomi.Domain("privacy", {
 *   domain: "privacy.example.com",
 *   usage: "cmp",
 *   description: "Consent notice SDK for example.com",
 * });
 * ```
 */
export class Domain extends pulumi.dynamic.Resource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly usage: pulumi.Output<DomainUsage>;
  declare public readonly organizationId: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly enabled: pulumi.Output<boolean | undefined>;
  declare public readonly entityId: pulumi.Output<string | null | undefined>;
  declare public readonly botsCrawl: pulumi.Output<"allow_all" | "disallow_all" | undefined>;
  /** Provisioning status: `scheduled`, `deploying`, `ready` or `failed`. */
  declare public readonly status: pulumi.Output<string>;
  /** `custom` (a domain you own, delegated to Didomi) or `managed` (a Didomi zone such as privacy-center.org). */
  declare public readonly type: pulumi.Output<"custom" | "managed">;
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: DomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("Domain"),
      name,
      propsWithOutputs(args, ["domain", "usage", "organizationId", "description", "enabled", "entityId", "botsCrawl", "status", "type", "createdAt"]),
      opts,
      TYPE_MODULE,
      "Domain",
    );
  }
}
