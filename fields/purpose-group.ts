import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field } from "./define";

/** Arguments of a {@link PurposeGroup}. */
export class PurposeGroupInputs {
  /**
   * The group's name; also how an existing group is found for adoption (keep names unique in the organization).
   *
   * @example "Marketing"
   */
  name = field(naturalKey(), { naturalKey: true });
  /** A free-text description. */
  description = field(z.string().optional(), { clearable: true });
  /** The purposes in the group: purpose ids, or {@link Purpose} ids. Order does not matter. */
  purposeIds = field(z.array(z.string().min(1)).optional(), { unordered: true, apiName: "purposes_id" });
}

export class PurposeGroupOutputs {}

export const purposeGroupFields = resource("PurposeGroup", { inputs: new PurposeGroupInputs(), outputs: new PurposeGroupOutputs(), adoptable: true });
