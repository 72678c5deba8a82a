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
import { adoptInput, checkInputs, connectionInputs, naturalKey } from "../check";
import { fromApiCase, itemPath, noticeSchema, toApiCase, type Notice as ApiNotice } from "../client";
import { createObject, deleteObject, findOne, readObject, updateObject, type Collection } from "../collection";
import { connect } from "../config";
import { planChanges } from "../diff";
import { fieldsBody } from "../fields";
import { compact, ignoreNotFound } from "../lifecycle";

type NoticeInputs = pulumi.Unwrap<NoticeArgs>;
export interface NoticeOutputs extends NoticeInputs {
  organizationId: string;
  createdAt: string;
}

const inputSchema = z.object({
  name: naturalKey(),
  environment: z.string().optional(),
  privacyExperienceId: z.string().optional(),
  externalSource: z.string().optional(),
  externalId: naturalKey().optional(),
  onDelete: z.enum(["archive", "delete"]).optional(),
  ...connectionInputs,
  ...adoptInput,
});

const NOTICES: Collection<NoticeInputs, NoticeOutputs, ApiNotice> = {
  path: "/widgets/notices",
  schema: noticeSchema,
  rules: {
    fields: ["name", "environment", "privacyExperienceId", "externalSource", "externalId", "organizationId"],
    providerOnly: ["onDelete", "adopt", "baseUrl"],
    replaceOnChange: ["organizationId"],
  },
  computedOutputs: ["createdAt"],
  expand: (inputs, fields) => toApiCase(fieldsBody(inputs, fields, ["environment", "privacyExperienceId", "externalSource", "externalId"])),
  flatten: ({ name, environment, privacy_experience_id, external_source, external_id, organization_id }) =>
    fromApiCase({ name, environment, privacy_experience_id, external_source, external_id, organization_id }),
  outputs: (inputs, notice) => compact({ ...inputs, organizationId: notice.organization_id, createdAt: notice.created_at! }),
  // an archived notice is what this resource's default delete leaves behind: for Pulumi it is gone
  isGone: (notice) => Boolean(notice.archived_at),
};

const label = (name: string) => `didomi:Notice ${name}`;

/** The natural key: the external id when there is one (exact), else the name. */
function naturalKeyOf(inputs: NoticeInputs): { query: Record<string, string>; description: string } {
  return inputs.externalId
    ? { query: { external_id: inputs.externalId }, description: `the external id "${inputs.externalId}"` }
    : { query: { name: inputs.name }, description: `the name "${inputs.name}"` };
}

export const noticeProvider: pulumi.dynamic.ResourceProvider<NoticeInputs, NoticeOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputSchema, news);
  },

  async diff(_id, olds, news) {
    return planChanges(label(olds.name), olds, news, NOTICES.rules);
  },

  async create(inputs) {
    const { query, description } = naturalKeyOf(inputs);
    const notice = await createObject(NOTICES, inputs, {
      label: label(inputs.name),
      naturalKey: description,
      // the active notice with the key; archived ones are history
      find: () => findOne(connect(inputs), NOTICES.path, NOTICES.schema, { ...query, archived_at: null }, label(inputs.name), description),
    });
    return { id: notice.id, outs: NOTICES.outputs(inputs, notice) };
  },

  read: (id, olds) => readObject(NOTICES, id, olds!),
  update: (id, olds, news) => updateObject(NOTICES, id, olds, news),

  async delete(id, olds) {
    if (olds.onDelete === "delete") return deleteObject(NOTICES, id, olds);
    const { client, organizationId } = connect(olds);
    await client
      .patch(itemPath(NOTICES.path, id), { archived_at: new Date().toISOString() }, NOTICES.schema, { organizationId })
      .catch(ignoreNotFound);
  },
};
