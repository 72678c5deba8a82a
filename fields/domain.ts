import { z } from "zod";
import { resource } from "./common";
import { field } from "./define";

export const DOMAIN_USAGES = ["cmp", "privacy-center", "preference-center"] as const;
/** What a domain serves. */
export type DomainUsage = (typeof DOMAIN_USAGES)[number];
const FQDN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Arguments of a {@link Domain}. */
export class DomainInputs {
  /**
   * The fully-qualified domain name, lowercase. For a custom domain, delegate it to Didomi's name servers
   * (NS records `ns1.privacy-center.org` … `ns4.privacy-center.org`) before creating it.
   *
   * Caution: changing it replaces the domain. Replacing a domain whose name stays the same (for example
   * after a `usage` change) deletes it first, then creates it again, because a name is registered once.
   *
   * @example "privacy.example.com"
   */
  domain = field(
    z.string().regex(FQDN, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a lowercase fully-qualified domain name; use one such as "privacy.example.com"`,
    }),
    { replaceOnChange: true, naturalKey: true, apiName: "id" },
  );
  /**
   * What the domain serves: `cmp` loads the consent notice SDK, `privacy-center` and `preference-center`
   * serve those pages.
   *
   * Caution: changing it replaces the domain.
   */
  usage = field(z.enum(DOMAIN_USAGES), { replaceOnChange: true });
  /** A free-text description. */
  description = field(z.string().optional(), { clearable: true });
  /**
   * Disabling a domain de-provisions it: notices and centers served from it stop working.
   *
   * @default true
   */
  enabled = field(z.boolean().optional());
  /**
   * The id of the entity (privacy center, preference center) that uses the domain, or `null` for none.
   * A domain still assigned to an entity cannot be deleted; Pulumi clears an assignment it made itself.
   */
  entityId = field(z.string().min(1).nullable().optional(), { clearable: true });
  /**
   * Whether search-engine bots may crawl the domain.
   *
   * @default "allow_all"
   */
  botsCrawl = field(z.enum(["allow_all", "disallow_all"]).optional());
  /**
   * Wait until Didomi has provisioned the domain (`ready`) before the resource counts as created.
   *
   * @default true
   */
  waitForReady = field(z.boolean().optional(), { providerOnly: true });
  /**
   * How long to wait for provisioning.
   *
   * @default 600
   */
  readyTimeoutSeconds = field(z.number().int().positive().optional(), { providerOnly: true });
  /**
   * How long to wait for Didomi to finish deleting the domain.
   *
   * @default 600
   */
  deleteTimeoutSeconds = field(z.number().int().positive().optional(), { providerOnly: true });
}

export class DomainOutputs {
  /** Provisioning status: `scheduled`, `deploying`, `ready` or `failed`. */
  status = field(z.string());
  /** `custom` (a domain you own, delegated to Didomi) or `managed` (a Didomi zone such as privacy-center.org). */
  type = field(z.enum(["custom", "managed"]));
}

// a name is registered once in Didomi, whatever the organization
export const domainFields = resource("Domain", { inputs: new DomainInputs(), outputs: new DomainOutputs(), adoptable: true, uniqueWithin: "didomi" });
