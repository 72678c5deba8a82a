/**
 * Notice: a consent notice (its configurations are NoticeConfig, its publications Deployment).
 * Pulumi id: the notice id.
 *
 * | operation | Didomi API calls                                                                        |
 * |-----------|-----------------------------------------------------------------------------------------|
 * | check     | none                                                                                    |
 * | diff      | none                                                                                    |
 * | create    | GET /widgets/notices?external_id=… (then ?name=… when none has it) → POST /widgets/notices (Didomi also creates the draft config) |
 * | read      | GET /widgets/notices?id[$in]=… (coalesced); a notice archived outside Pulumi is drift   |
 * | update    | PATCH /widgets/notices/{id} (one PATCH, with archived_at: null, for a notice archived outside Pulumi) |
 * | delete    | archive: PATCH /widgets/notices/{id} {archived_at: now}; delete: DELETE /widgets/notices/{id} |
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputsOf, StateOf } from "../../fields/define";
import { noticeFields } from "../../fields/notice";
import { checkInputs } from "../check";
import { itemPath, noticeSchema, type Notice as ApiNotice } from "../client";
import { collectionOf, createObject, deleteObject, findOne, readObject, updateObject } from "../collection";
import { connect } from "../config";
import { planChanges } from "../diff";
import { compact, ignoreNotFound } from "../lifecycle";
import { log } from "../log";

type NoticeInputs = InputsOf<typeof noticeFields>;
export type NoticeOutputs = StateOf<typeof noticeFields>;

const NOTICES = collectionOf<NoticeInputs, NoticeOutputs, ApiNotice>(noticeFields, {
  path: "/widgets/notices",
  schema: noticeSchema,
  outputs: (inputs, notice) =>
    compact({ ...inputs, organizationId: notice.organization_id, createdAt: notice.created_at!, archivedAt: notice.archived_at ?? undefined }),
});

const label = (name: string) => `didomi:Notice ${name}`;

/**
 * The live notice this resource stands for, looked up by its natural key: the external id when there is one
 * (exact), else the name. A notice made in the console has no external id, so when none has the declared one,
 * a live notice with the same name is the one meant: creating a second live notice beside it would publish a
 * duplicate. One that carries another external id is someone else's, and is never taken over.
 */
async function findLive(inputs: NoticeInputs): Promise<{ notice: ApiNotice | undefined; naturalKey: string }> {
  const connection = connect(inputs);
  const named = { naturalKey: `the name "${inputs.name}"` };
  const lookUp = (query: Record<string, string>, naturalKey: string) =>
    findOne(connection, NOTICES.path, NOTICES.schema, { ...query, archived_at: null }, label(inputs.name), naturalKey);
  if (!inputs.externalId) return { ...named, notice: await lookUp({ name: inputs.name }, named.naturalKey) };

  const byExternalId = `the external id "${inputs.externalId}"`;
  const notice = await lookUp({ external_id: inputs.externalId }, byExternalId);
  if (notice) return { notice, naturalKey: byExternalId };
  const sameName = await lookUp({ name: inputs.name }, named.naturalKey);
  if (sameName?.external_id) {
    throw new Error(
      `${label(inputs.name)}: no live notice has ${byExternalId}, but notice ${sameName.id} has the same name with the external ` +
        `id "${sameName.external_id}". Creating another would leave two live notices named "${inputs.name}". Set ` +
        `externalId: "${sameName.external_id}" (and adopt: true) to manage that notice, or give this one another name.`,
    );
  }
  return { notice: sameName, naturalKey: `${named.naturalKey} (and no external id; none has ${byExternalId})` };
}

export const noticeProvider: pulumi.dynamic.ResourceProvider<NoticeInputs, NoticeOutputs> = {
  async check(_olds, news) {
    return checkInputs(noticeFields, news);
  },

  async diff(id, olds, news) {
    const plan = planChanges(label(olds.name), olds, news, NOTICES.rules);
    if (!olds.archivedAt) return plan;
    // Restoring keeps the id that every site embeds; a new notice would strand them.
    log.warn(`${label(olds.name)}: notice ${id} was archived outside Pulumi on ${olds.archivedAt}; \`pulumi up\` restores it, keeping its id`);
    return { ...plan, changes: true };
  },

  async create(inputs) {
    const { notice: existing, naturalKey } = await findLive(inputs);
    const notice = await createObject(NOTICES, inputs, {
      label: label(inputs.name),
      naturalKey,
      find: async () => existing,
      // after a lost POST response, the notice it made is found by the declared key (archived ones are history)
      findExisting: async () => (await findLive(inputs)).notice,
    });
    return { id: notice.id, outs: NOTICES.outputs(inputs, notice) };
  },

  async read(id, olds) {
    const result = await readObject(NOTICES, id, olds!);
    if (!result.id) {
      log.warn(`${label(olds!.name)}: notice ${id} no longer exists in Didomi; the next \`pulumi up\` creates a new notice with a new id, which every site embedding ${id} must then use`);
    }
    return result;
  },

  async update(id, olds, news) {
    // a notice archived outside Pulumi is restored by the same PATCH that applies the changed fields
    return updateObject(NOTICES, id, olds, news, olds.archivedAt ? { archived_at: null } : {});
  },

  async delete(id, olds) {
    if (olds.onDelete === "delete") return deleteObject(NOTICES, id, olds);
    const { client, organizationId } = connect(olds);
    await client
      .patch(itemPath(NOTICES.path, id), { archived_at: new Date().toISOString() }, NOTICES.schema, { organizationId })
      .catch(ignoreNotFound);
  },
};
