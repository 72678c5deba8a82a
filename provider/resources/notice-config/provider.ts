/**
 * NoticeConfig: a notice's draft configuration. Pulumi id: the notice id (the draft's own id changes after
 * every publish, so it cannot be the identity).
 *
 * | operation | Didomi API calls                                                                             |
 * |-----------|----------------------------------------------------------------------------------------------|
 * | check     | none (computes `contentHash` from the inputs, so it is known at preview)                     |
 * | diff      | none                                                                                         |
 * | create    | the draft and the latest deployment (below) → PATCH …/configs/{draft}                        |
 * | read      | GET …/configs?deployed_at=null and GET …/deployments?$sort[created_at]=-1, each read whole for the organization (client/views.ts) |
 * | update    | same as create: re-resolve the current draft, PATCH it                                       |
 * | delete    | none: configurations cannot be deleted; the resource is only removed from the stack          |
 *
 * All calls carry the header `v: 2` (multi-regulation view). A published configuration is never PATCHed:
 * the draft is resolved right before each PATCH, and if a publish slips in between (the PATCH is refused)
 * the new draft is resolved and patched once more.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StateOf } from "../../../fields/define";
import { noticeConfigFields } from "../../../fields/notice-config";
import { BadRequestError, ConflictError, ForbiddenError } from "../../client";
import { checkInputs } from "../../check";
import { connect, type Connection } from "../../config";
import { computedOutputsOf, diffFields, planChanges } from "../../diff";
import { unchangedRemotely } from "../../fields";
import { compact } from "../../lifecycle";
import { existingNoticeConfigs, noticeConfigs, patchConfig, type NoticeConfigs } from "../../notice-configurations";
import { expand, flatten } from "./mapping";
import { contentHashOf, crossFieldFailures, DIFF_RULES, type NoticeConfigInputs } from "./rules";

export type NoticeConfigOutputs = StateOf<typeof noticeConfigFields>;

const label = (noticeId: string) => `didomi:NoticeConfig ${noticeId}`;

/** PATCHes the current draft; if it was published in the meantime (PATCH refused), once more on the new draft. */
async function patchDraft(connection: Connection, inputs: NoticeConfigInputs, resolved?: NoticeConfigs): Promise<NoticeConfigs> {
  const patch = async (configs: NoticeConfigs) => ({ ...configs, draft: await patchConfig(connection, configs.draft.id, expand(inputs, configs.draft)) });
  const configs = resolved ?? (await existingNoticeConfigs(connection, inputs.noticeId));
  try {
    return await patch(configs);
  } catch (error) {
    if (!(error instanceof BadRequestError || error instanceof ForbiddenError || error instanceof ConflictError)) throw error;
    const newer = await existingNoticeConfigs(connection, inputs.noticeId);
    if (newer.draft.id === configs.draft.id) throw error;
    return patch(newer);
  }
}

function outputsOf(inputs: NoticeConfigInputs, { draft, latestDeployment }: NoticeConfigs): NoticeConfigOutputs {
  return compact({
    ...inputs,
    organizationId: draft.organization_id,
    draftConfigId: draft.id,
    publishedConfigId: latestDeployment?.production_config_id,
    contentHash: inputs.contentHash!, // computed by check from the declared content
  });
}

export const noticeConfigProvider: pulumi.dynamic.ResourceProvider<NoticeConfigInputs, NoticeConfigOutputs> = {
  async check(_olds, news) {
    const result = checkInputs(noticeConfigFields, news);
    return {
      inputs: { ...result.inputs!, contentHash: contentHashOf(news) },
      failures: [...result.failures!, ...crossFieldFailures(news)],
    };
  },

  async diff(_id, olds, news) {
    return planChanges(label(olds.noticeId), olds, news, DIFF_RULES);
  },

  async create(inputs) {
    const connection = connect(inputs);
    const current = await existingNoticeConfigs(connection, inputs.noticeId);
    // the draft already holds the declared content (an adopted notice): nothing to send
    if (diffFields(flatten(current.draft, inputs), inputs, DIFF_RULES).remote.length === 0) {
      return { id: inputs.noticeId, outs: outputsOf(inputs, current) };
    }
    return { id: inputs.noticeId, outs: outputsOf(inputs, await patchDraft(connection, inputs, current)) };
  },

  async read(id, olds) {
    const configs = await noticeConfigs(connect(olds!), id);
    if (!configs) return {};
    // contentHash stays the hash of the declared content: drift shows on the fields themselves
    const inputs = compact({ ...flatten(configs.draft, olds!), baseUrl: olds!.baseUrl, contentHash: olds!.contentHash }) as NoticeConfigInputs;
    return { id, props: outputsOf(inputs, configs), inputs: inputs as NoticeConfigOutputs };
  },

  async update(_id, olds, news) {
    if (diffFields(olds, news, DIFF_RULES).remote.length === 0) {
      return { outs: unchangedRemotely<NoticeConfigOutputs>(olds, news, computedOutputsOf(noticeConfigFields)) };
    }
    return { outs: outputsOf(news, await patchDraft(connect(news), news)) };
  },

  async delete() {
    // Configurations cannot be deleted in Didomi (published ones are audit records); forgetting is all there is.
  },
};
