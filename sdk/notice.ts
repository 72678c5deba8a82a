import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import { noticeFields } from "../fields/notice";
import { dynamicResource } from "./common";

/** Arguments of a {@link Notice}. */
export type NoticeArgs = ArgsOf<typeof noticeFields.inputs>;

export interface Notice extends OutputsOf<typeof noticeFields> {}

/**
 * A consent notice. Creating one also creates its draft configuration, managed with {@link NoticeConfig};
 * publishing is a {@link Deployment}. {@link ConsentNotice} declares all three at once.
 *
 * @example
 * ```ts
 * const notice = new didomi.Notice("www", { name: "www.example.com", externalId: "www-example-com" });
 * ```
 */
export class Notice extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoticeArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(noticeFields, name, args, opts));
  }
}
