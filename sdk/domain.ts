import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { domainFields } from "../fields/domain";
import { dynamicResource } from "./common";

export type { DomainUsage } from "../fields/domain";

/** Arguments of a {@link Domain}. */
export type DomainArgs = ArgsOf<typeof domainFields.inputs>;

export interface Domain extends OutputsOf<typeof domainFields> {}

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
  constructor(name: string, args: DomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(domainFields, name, args, opts));
  }
}
