/**
 * NoticeTemplate: a notice template and its configuration, shared by the notices linked to it.
 * Pulumi id: the template id.
 *
 * | operation | Didomi API calls                                                                                   |
 * |-----------|----------------------------------------------------------------------------------------------------|
 * | check     | none                                                                                               |
 * | diff      | none                                                                                               |
 * | create    | the lookup by name (adoption) → POST /widgets/notices/templates (Didomi creates its config) → GET …/templates/configs?template_id[$in]=… → PATCH …/templates/configs/{id} when the config is managed and differs |
 * | read      | GET /widgets/notices/templates and GET …/templates/configs, each read once per command (client/views.ts) |
 * | update    | PATCH /widgets/notices/templates/{id} (name, notices) and/or PATCH …/templates/configs/{id} (config)  |
 * | delete    | DELETE /widgets/notices/templates/{id} (Didomi removes its config too)                             |
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputsOf, StateOf } from "../../fields/define";
import { noticeTemplateFields } from "../../fields/notice-template";
import { checkInputs } from "../check";
import { byId, itemPath, noticeTemplateConfigSchema, type CollectionView, noticeTemplateSchema, type NoticeTemplate, type NoticeTemplateConfig } from "../client";
import { byName, collectionOf, createObject, deleteObject } from "../collection";
import { connect, type Connection } from "../config";
import { diffFields, planChanges, rulesOf } from "../diff";
import { liveInputs, tableMapping, unchangedRemotely } from "../fields";
import { compact } from "../lifecycle";
import { stableJson } from "../notice-configurations";
import { selectionOf, withoutSelection, withSelection } from "../selection";

type NoticeTemplateInputs = InputsOf<typeof noticeTemplateFields>;
export type NoticeTemplateOutputs = StateOf<typeof noticeTemplateFields>;

const RULES = rulesOf(noticeTemplateFields);
const MAPPING = tableMapping(noticeTemplateFields, RULES);
/** The template object's own fields; the others live in its configuration. */
const TEMPLATE_FIELDS = ["name", "noticeIds"];
const CONFIG_FIELDS = ["config", "vendors", "purposes"];
const CONFIGS = "/widgets/notices/templates/configs";

const TEMPLATES = collectionOf<NoticeTemplateInputs, NoticeTemplateOutputs, NoticeTemplate>(noticeTemplateFields, {
  path: "/widgets/notices/templates",
  schema: noticeTemplateSchema,
  expand: (inputs, fields) => MAPPING.expand(inputs, fields.filter((field) => TEMPLATE_FIELDS.includes(field))),
  outputs: (inputs, template, olds) =>
    compact({ ...inputs, organizationId: template.organization_id, templateConfigId: olds!.templateConfigId, createdAt: template.created_at }),
});
const IDENTITY = byName<NoticeTemplateInputs, NoticeTemplate>("NoticeTemplate", TEMPLATES);

/** Every template's configuration, read once per command; creating or deleting a template makes or removes one. */
const CONFIGS_BY_TEMPLATE: CollectionView = { path: CONFIGS, key: "template_id", changedBy: [TEMPLATES.path] };

/** The template's one configuration. */
async function configOf({ client, organizationId }: Connection, templateId: string): Promise<NoticeTemplateConfig> {
  const [config] = await client.readView(CONFIGS_BY_TEMPLATE, templateId, noticeTemplateConfigSchema, { organizationId });
  if (!config) throw new Error(`didomi:NoticeTemplate ${templateId}: the template has no configuration; check that it exists in this organization.`);
  return config;
}

/** The configuration's managed fields as inputs: the raw config without the typed selection, and the selection. */
function configInputs(config: NoticeTemplateConfig, managed: NoticeTemplateInputs): Record<string, unknown> {
  const sdkConfig = config.config ?? {};
  return { ...selectionOf(sdkConfig, managed), ...(managed.config ? { config: withoutSelection(sdkConfig, managed) } : {}) };
}

/** PATCHes the configuration with the declared content, when some is managed and it differs from what is there. */
async function writeConfig({ client, organizationId }: Connection, inputs: NoticeTemplateInputs, current: NoticeTemplateConfig): Promise<NoticeTemplateConfig> {
  if (!CONFIG_FIELDS.some((field) => inputs[field as keyof NoticeTemplateInputs] !== undefined)) return current;
  const config = withSelection(inputs.config ?? current.config, inputs);
  if (stableJson(config) === stableJson(current.config ?? {})) return current;
  return client.patch(itemPath(CONFIGS, current.id), { config }, noticeTemplateConfigSchema, { organizationId });
}

export const noticeTemplateProvider: pulumi.dynamic.ResourceProvider<NoticeTemplateInputs, NoticeTemplateOutputs> = {
  check: async (_olds, news) => checkInputs(noticeTemplateFields, news),
  diff: async (_id, olds, news) => planChanges(IDENTITY.label(olds), olds, news, RULES),

  async create(inputs) {
    const connection = connect(inputs);
    const template = await createObject(TEMPLATES, inputs, {
      label: IDENTITY.label(inputs),
      naturalKey: IDENTITY.naturalKey(inputs),
      find: () => IDENTITY.find(connection, inputs),
    });
    const config = await writeConfig(connection, inputs, await configOf(connection, template.id));
    return { id: template.id, outs: TEMPLATES.outputs(inputs, template, { templateConfigId: config.id } as NoticeTemplateOutputs) };
  },

  async read(id, olds) {
    const connection = connect(olds!);
    const [template] = await connection.client.readView(byId(TEMPLATES.path), id, TEMPLATES.schema, { organizationId: connection.organizationId });
    if (!template) return {};
    const config = await configOf(connection, id);
    const inputs = liveInputs<NoticeTemplateInputs>(olds!, { ...MAPPING.flatten(template), ...configInputs(config, olds!) }, RULES);
    return { id, props: TEMPLATES.outputs(inputs, template, { ...olds!, templateConfigId: config.id }), inputs: inputs as NoticeTemplateOutputs };
  },

  async update(id, olds, news) {
    const { remote } = diffFields(olds, news, RULES);
    if (remote.length === 0) return { outs: unchangedRemotely<NoticeTemplateOutputs>(olds, news, TEMPLATES.computedOutputs) };
    const connection = connect(news);
    const { client, organizationId } = connection;
    const templateBody = TEMPLATES.expand(news, remote);
    const template = Object.keys(templateBody).length > 0
      ? await client.patch(itemPath(TEMPLATES.path, id), templateBody, TEMPLATES.schema, { organizationId })
      : await client.get(itemPath(TEMPLATES.path, id), TEMPLATES.schema, { organizationId });
    const config = remote.some((field) => CONFIG_FIELDS.includes(field)) ? await writeConfig(connection, news, await configOf(connection, id)) : undefined;
    return { outs: TEMPLATES.outputs(news, template, { ...olds, templateConfigId: config?.id ?? olds.templateConfigId }) };
  },

  delete: (id, olds) => deleteObject(TEMPLATES, id, olds),
};
