import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { noticeTemplateFields } from "../fields/notice-template";
import { dynamicResource } from "./common";

/** Arguments of a {@link NoticeTemplate}. */
export type NoticeTemplateArgs = ArgsOf<typeof noticeTemplateFields.inputs>;

export interface NoticeTemplate extends OutputsOf<typeof noticeTemplateFields> {}

/**
 * A notice template: one SDK configuration (vendors, purposes, texts) shared by every notice linked to it, as
 * a group with many sites wants. Didomi creates the template's configuration with it; this resource manages both.
 *
 * @example
 * ```ts
 * const standard = new didomi.NoticeTemplate("standard", {
 *   name: "Group standard",
 *   noticeIds: [shop.noticeId, blog.noticeId],
 *   vendors: { iab: { all: true }, custom: [analytics.sdkId] },
 * });
 * ```
 */
export class NoticeTemplate extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoticeTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(noticeTemplateFields, name, args, opts));
  }
}
