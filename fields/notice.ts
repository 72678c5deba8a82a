import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field } from "./define";

/** Arguments of a {@link Notice}. */
export class NoticeInputs {
  /**
   * An internal label (never shown to users). Without `externalId`, also how an existing notice is found
   * for adoption.
   *
   * @example "www.example.com"
   */
  name = field(naturalKey());
  /** The deployment environment the notice is for (free text). */
  environment = field(z.string().optional(), { clearable: true });
  /** The privacy experience the notice belongs to. */
  privacyExperienceId = field(z.string().optional(), { clearable: true });
  /** Where the notice comes from, with `externalId` (e.g. `"pulumi"`). */
  externalSource = field(z.string().optional(), { clearable: true });
  /**
   * Your own stable id for the notice. When set, adoption and the recovery of a lost create match on it
   * exactly instead of on the name.
   *
   * @example "www-example-com"
   */
  externalId = field(naturalKey().optional(), { clearable: true });
  /**
   * What deleting the resource does. `archive` keeps the notice (and its published configurations) in
   * Didomi but archived; `delete` removes it, which breaks consent collection on every site that still
   * embeds its id.
   *
   * @default "archive"
   */
  onDelete = field(z.enum(["archive", "delete"]).optional(), { providerOnly: true });
}

export class NoticeOutputs {
  /** Set when a refresh found the notice archived outside Pulumi: the next `pulumi up` restores it. */
  archivedAt = field(z.string().optional());
}

export const noticeFields = resource("Notice", { inputs: new NoticeInputs(), outputs: new NoticeOutputs(), adoptable: true });
