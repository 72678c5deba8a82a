import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/define";
import {
  noticeConfigFields,
  type ConsentModeFields,
  type NoticeBehaviourFields,
  type NoticeContentFields,
  type RegulationConfigurationFields,
} from "../fields/notice-config";
import { dynamicResource } from "./common";

/** Consent-mode integrations (Google, Microsoft, Amazon, WordPress) shared by configs and regulation configs. */
export type ConsentModeArgs = ArgsOf<ConsentModeFields>;
/** Notice behaviour shared by configs and regulation configs; a regulation config's value overrides the config's. */
export type NoticeBehaviourArgs = ArgsOf<NoticeBehaviourFields>;
/** One regulation's settings in a multi-regulation notice (see {@link NoticeConfigContentArgs.regulationConfigurations}). */
export type RegulationConfigurationArgs = ArgsOf<RegulationConfigurationFields>;
/**
 * The content of a notice's configuration: every writable field of Didomi's `notices-config-input`, in
 * camelCase. Only the fields you set are managed; the others keep the values Didomi or the console gave them.
 */
export type NoticeConfigContentArgs = ArgsOf<NoticeContentFields>;
/** Arguments of a {@link NoticeConfig}. */
export type NoticeConfigArgs = ArgsOf<typeof noticeConfigFields.inputs>;

export interface NoticeConfig extends OutputsOf<typeof noticeConfigFields> {}

/**
 * The draft configuration of a consent notice. A notice always has exactly one draft; publishing it (a
 * {@link Deployment}) freezes it and Didomi creates a new draft as a copy, with a new id. This resource is
 * keyed by the notice id and always edits the current draft. Deleting it only removes it from the stack:
 * configurations cannot be deleted in Didomi.
 *
 * `contentHash` is computed from the inputs, so it is known during `pulumi preview`: wire it into a
 * {@link Deployment} to publish exactly when the content changes.
 *
 * @example
 * ```ts
 * const config = new didomi.NoticeConfig("main", {
 *   noticeId: notice.id,
 *   platform: "web",
 *   targets: ["www.example.com"],
 *   consentDuration: 6,
 *   consentDurationUnit: "months",
 * });
 * ```
 */
export class NoticeConfig extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoticeConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResource(noticeConfigFields, name, args, opts));
  }
}
