import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { vendorFields } from "../fields/vendor";
import { dynamicResource } from "./common";

/** Arguments of a {@link Vendor}. */
export type VendorArgs = ArgsOf<typeof vendorFields.inputs>;

export interface Vendor extends OutputsOf<typeof vendorFields> {}

/**
 * A custom vendor of the organization (a Data Manager partner): a company the sites share data with. Notices
 * list it by its `sdkId` output, so a program that takes ids from outputs promotes from one organization to
 * another. Deleting the resource deprecates the vendor by default (`onDelete`).
 *
 * @example
 * ```ts
 * const analytics = new didomi.Vendor("analytics", {
 *   name: "Acme Analytics",
 *   categoryId: "analytics",
 *   purposeIds: [audience.id],
 *   hosts: ["cdn.acme-analytics.example"],
 * });
 * ```
 */
export class Vendor extends pulumi.dynamic.Resource {
  constructor(name: string, args: VendorArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(vendorFields, name, args, opts));
  }
}
