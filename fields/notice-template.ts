import { z } from "zod";
import { naturalKey, resource } from "./common";
import { field, group } from "./define";
import { NoticePurposesFields, NoticeVendorsFields } from "./notice-config";

/** Arguments of a {@link NoticeTemplate}. */
export class NoticeTemplateInputs {
  /**
   * The template's name; also how an existing template is found for adoption (keep names unique in the organization).
   *
   * @example "Group standard"
   */
  name = field(naturalKey(), { naturalKey: true });
  /** The notices that use the template: {@link Notice} ids. Order does not matter. */
  noticeIds = field(z.array(z.string().min(1)).optional(), { unordered: true, apiName: "notices_id" });
  /** The template's SDK configuration (opaque object in the SDK's documented format, passed through). */
  config = field(z.record(z.string(), z.unknown()).optional(), { opaque: true });
  /** The vendors the template's notices ask consent for, by reference (as a {@link NoticeConfig}'s `vendors`). */
  vendors = group(new NoticeVendorsFields());
  /** The custom purposes and purpose groups the template's notices show, by reference (as a {@link NoticeConfig}'s `purposes`). */
  purposes = group(new NoticePurposesFields());
}

export class NoticeTemplateOutputs {
  /** The id of the template's configuration, which Didomi creates with the template. */
  templateConfigId = field(z.string());
}

export const noticeTemplateFields = resource("NoticeTemplate", { inputs: new NoticeTemplateInputs(), outputs: new NoticeTemplateOutputs(), adoptable: true });
