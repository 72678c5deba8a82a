/**
 * Notice: a consent notice (its configurations are NoticeConfig, its publications Deployment).
 * Pulumi id: the notice id.
 *
 * | operation | Didomi API calls                                                                        |
 * |-----------|-----------------------------------------------------------------------------------------|
 * | check     | none                                                                                    |
 * | diff      | none                                                                                    |
 * | create    | GET /widgets/notices?external_id=… or ?name=… (adoption) → POST /widgets/notices (Didomi also creates the draft config) |
 * | read      | GET /widgets/notices?id[$in]=… (coalesced); an archived notice counts as gone           |
 * | update    | PATCH /widgets/notices/{id}                                                             |
 * | delete    | archive: PATCH /widgets/notices/{id} {archived_at: now}; delete: DELETE /widgets/notices/{id} |
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { NoticeArgs } from "../../sdk/notice";
import { adoptInput, checkInputs, connectionInputs } from "../check";
import { fromApiCase, noticeSchema, toApiCase, type Notice as ApiNotice } from "../client";
import { connect, type Connection } from "../config";
import { diffFields, planChanges, type DiffRules } from "../diff";
import { fieldsBody, liveInputs, unchangedRemotely } from "../fields";
import { compact, createOrAdopt, ignoreNotFound, onlyMatch } from "../lifecycle";

type NoticeInputs = pulumi.Unwrap<NoticeArgs>;
export interface NoticeOutputs extends NoticeInputs {
  organizationId: string;
  createdAt: string;
}

const inputSchema = z.object({
  name: z.string().min(1),
  environment: z.string().optional(),
  privacyExperienceId: z.string().optional(),
  externalSource: z.string().optional(),
  externalId: z.string().min(1).optional(),
  onDelete: z.enum(["archive", "delete"]).optional(),
  ...connectionInputs,
  ...adoptInput,
});

const DIFF_RULES: DiffRules = {
  fields: ["name", "environment", "privacyExperienceId", "externalSource", "externalId", "organizationId"],
  providerOnly: ["onDelete", "adopt", "baseUrl"],
  replaceOnChange: ["organizationId"],
};
const UPDATABLE = DIFF_RULES.fields.filter((field) => field !== "organizationId");
const COMPUTED_OUTPUTS = ["createdAt"];
const CLEARABLE = ["environment", "privacyExperienceId", "externalSource", "externalId"];

const label = (name: string) => `didomi:Notice ${name}`;
const path = (id: string) => `/widgets/notices/${encodeURIComponent(id)}`;

function expand(inputs: Partial<NoticeInputs>, fields: readonly string[]): Record<string, unknown> {
  return toApiCase(fieldsBody(inputs, fields, CLEARABLE));
}

function flatten(notice: ApiNotice): Record<string, unknown> {
  const { name, environment, privacy_experience_id, external_source, external_id, organization_id } = notice;
  return fromApiCase({ name, environment, privacy_experience_id, external_source, external_id, organization_id });
}

function outputsOf(inputs: Partial<NoticeInputs>, notice: ApiNotice): NoticeOutputs {
  return compact({ ...(inputs as NoticeInputs), organizationId: notice.organization_id, createdAt: notice.created_at! });
}

/** Active notices with the natural key: the external id when there is one (exact), else the name. */
function findActive({ client, organizationId }: Connection, inputs: NoticeInputs) {
  const query: Record<string, string> = inputs.externalId ? { external_id: inputs.externalId } : { name: inputs.name };
  const naturalKey = inputs.externalId ? `the external id "${inputs.externalId}"` : `the name "${inputs.name}"`;
  return client
    .list("/widgets/notices", noticeSchema, { organizationId, query: { ...query, archived_at: null } })
    .then((notices) => onlyMatch(notices, label(inputs.name), naturalKey));
}

export const noticeProvider: pulumi.dynamic.ResourceProvider<NoticeInputs, NoticeOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputSchema, news);
  },

  async diff(_id, olds, news) {
    const diff = planChanges(label(olds.name), olds, news, DIFF_RULES);
    return { changes: diff.changed.length > 0, replaces: diff.replaces };
  },

  async create(inputs) {
    const connection = connect(inputs);
    const { client, organizationId } = connection;
    // No active notice had this key before the POST (checked just before), so one found after a lost response is ours.
    const find = () => findActive(connection, inputs);
    const notice = await createOrAdopt({
      label: label(inputs.name),
      naturalKey: inputs.externalId ? `the external id "${inputs.externalId}"` : `the name "${inputs.name}"`,
      adopt: inputs.adopt,
      find,
      create: () =>
        client.create("/widgets/notices", { ...expand(inputs, DIFF_RULES.fields), organization_id: organizationId }, noticeSchema, {
          organizationId,
          findExisting: find,
        }),
      takeOver: (existing) => client.patch(path(existing.id), expand(inputs, UPDATABLE), noticeSchema, { organizationId }),
    });
    return { id: notice.id, outs: outputsOf(inputs, notice) };
  },

  async read(id, olds) {
    const { client, organizationId } = connect(olds!);
    const notice = await client.getMany("/widgets/notices", id, noticeSchema, { organizationId });
    // an archived notice is what this resource's default delete leaves behind: for Pulumi it is gone
    if (!notice || notice.archived_at) return {};
    const inputs = liveInputs<NoticeInputs>(olds!, flatten(notice), DIFF_RULES);
    return { id, props: outputsOf(inputs, notice), inputs: inputs as NoticeOutputs };
  },

  async update(id, olds, news) {
    const { client, organizationId } = connect(news);
    const { remote } = diffFields(olds, news, DIFF_RULES);
    if (remote.length === 0) return { outs: unchangedRemotely<NoticeOutputs>(olds, news, COMPUTED_OUTPUTS) };
    const notice = await client.patch(path(id), expand(news, remote), noticeSchema, { organizationId });
    return { outs: outputsOf(news, notice) };
  },

  async delete(id, olds) {
    const { client, organizationId } = connect(olds);
    if (olds.onDelete === "delete") {
      await client.delete(path(id), { organizationId }).catch(ignoreNotFound);
    } else {
      await client
        .patch(path(id), { archived_at: new Date().toISOString() }, noticeSchema, { organizationId })
        .catch(ignoreNotFound);
    }
  },
};
