import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { purposeFields } from "../fields/purpose";
import { dynamicResource } from "./common";

/** Arguments of a {@link Purpose}. */
export type PurposeArgs = ArgsOf<typeof purposeFields.inputs>;

export interface Purpose extends OutputsOf<typeof purposeFields> {}

/**
 * A custom purpose of the organization: a reason for processing personal data, named in every language the
 * notices show. Vendors refer to it by `id`, notices by `sdkId`.
 *
 * @example
 * ```ts
 * const offers = new didomi.Purpose("offers", {
 *   name: { en: "Personalised offers", fr: "Offres personnalisées" },
 *   details: { en: "We use your purchase history to suggest offers." },
 * });
 * ```
 */
export class Purpose extends pulumi.dynamic.Resource {
  constructor(name: string, args: PurposeArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(purposeFields, name, args, opts));
  }
}
