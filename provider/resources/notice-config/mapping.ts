// Between the inputs and Didomi's configuration object: the PATCH body, and the live values a refresh reports.
import { fromApiCase, toApiCase, type NoticeConfig as ApiNoticeConfig, type RegulationConfiguration as ApiRegulationConfiguration } from "../../client";
import { fieldsBody, managedFields } from "../../fields";
import { CONTENT_FIELDS, DIFF_RULES, OPAQUE_FIELDS, regulationKey, type NoticeConfigInputs, type RegulationInputs } from "./rules";
import { selectionOf, withoutSelection, withSelection } from "../../selection";

/**
 * The PATCH body: every managed field, regulation configurations matched to the draft's ids, and the vendor and
 * purpose selection written into the SDK configuration (the declared one, else the draft's).
 */
export function expand(inputs: NoticeConfigInputs, draft: ApiNoticeConfig): Record<string, unknown> {
  const { regulationConfigurations, vendors, purposes, ...fields } = fieldsBody(inputs, CONTENT_FIELDS, DIFF_RULES) as Partial<NoticeConfigInputs>;
  if (vendors || purposes) fields.config = withSelection(fields.config ?? draft.config, { vendors, purposes });
  const body = toApiCase(fields, OPAQUE_FIELDS);
  if (regulationConfigurations) {
    const existing = new Map((draft.regulation_configurations ?? []).map((item) => [regulationKey(fromApiCase(item)), item.id]));
    body.regulation_configurations = regulationConfigurations.map((item) => {
      const id = existing.get(regulationKey(item));
      return toApiCase({ ...(id ? { id } : {}), isDefaultRegulationConfig: true, ...item }, OPAQUE_FIELDS);
    });
  }
  return body;
}

/**
 * The draft as inputs, limited to what the old inputs manage: top-level fields the user set, and inside
 * each managed regulation configuration only the fields set there. Everything else is not the user's drift.
 */
export function flatten(draft: ApiNoticeConfig, olds: NoticeConfigInputs): Record<string, unknown> {
  const live = fromApiCase<Record<string, unknown>>(draft, OPAQUE_FIELDS);
  const inputs: Record<string, unknown> = { noticeId: draft.notice_id, organizationId: draft.organization_id };
  for (const field of managedFields(olds, CONTENT_FIELDS)) inputs[field] = live[field] ?? null;
  // the selection lives inside the SDK configuration: read it from there, and keep it out of a managed raw config
  Object.assign(inputs, selectionOf(draft.config, olds));
  if (olds.config && draft.config) inputs.config = withoutSelection(draft.config, olds);
  if (olds.regulationConfigurations) {
    const liveItems = new Map(
      (draft.regulation_configurations ?? []).map((item: ApiRegulationConfiguration) => {
        const camel = fromApiCase<RegulationInputs>(item, OPAQUE_FIELDS);
        return [regulationKey(camel), camel as Record<string, unknown>];
      }),
    );
    inputs.regulationConfigurations = olds.regulationConfigurations.flatMap((wanted) => {
      const found = liveItems.get(regulationKey(wanted));
      if (!found) return []; // gone from the draft: drift
      return [Object.fromEntries(managedFields(wanted, Object.keys(wanted)).map((field) => [field, found[field] ?? null]))];
    });
  }
  return inputs;
}

