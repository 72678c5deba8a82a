import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { purposeGroupFields } from "../fields/purpose-group";
import { dynamicResource } from "./common";

/** Arguments of a {@link PurposeGroup}. */
export type PurposeGroupArgs = ArgsOf<typeof purposeGroupFields.inputs>;

export interface PurposeGroup extends OutputsOf<typeof purposeGroupFields> {}

/**
 * A group of purposes, shown as one category in a notice's preferences view.
 *
 * @example
 * ```ts
 * const marketing = new didomi.PurposeGroup("marketing", { name: "Marketing", purposeIds: [offers.id] });
 * ```
 */
export class PurposeGroup extends pulumi.dynamic.Resource {
  constructor(name: string, args: PurposeGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(purposeGroupFields, name, args, opts));
  }
}
