// What a notice configuration's content is, how two versions of it compare, and what `check` asks of it
// beyond single fields.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { opaqueFields, withTrait, type InputsOf } from "../../../fields/define";
import { NOTICE_CONTENT_FIELDS, noticeConfigFields, RegulationConfigurationFields } from "../../../fields/notice-config";
import { isUnknown, UNKNOWN } from "../../check";
import { canonical, rulesOf } from "../../diff";
import { managedFields } from "../../fields";
import { stableJson } from "../../notice-configurations";
import { withoutSelection } from "../../selection";

export type NoticeConfigInputs = InputsOf<typeof noticeConfigFields> & { contentHash?: string };
export type RegulationInputs = NonNullable<NoticeConfigInputs["regulationConfigurations"]>[number];

export const CONTENT_FIELDS = NOTICE_CONTENT_FIELDS;
/** Objects Didomi stores verbatim: their keys are not converted to snake_case. */
export const OPAQUE_FIELDS = opaqueFields(noticeConfigFields.inputs);
const UNORDERED_REGULATION_FIELDS = withTrait(new RegulationConfigurationFields(), "unordered");

/** Regulation configurations are matched by regulation and default flag, not by position or server id. */
export function regulationKey(item: { regulationId: string; isDefaultRegulationConfig?: boolean | null }): string {
  return `${item.regulationId}/${item.isDefaultRegulationConfig ?? true}`;
}

function canonicalRegulations(items: RegulationInputs[]): unknown {
  return items
    .map((item) => {
      const sets = UNORDERED_REGULATION_FIELDS.filter((field) => Array.isArray(item[field as keyof RegulationInputs]));
      return { ...item, ...Object.fromEntries(sets.map((field) => [field, [...(item[field as keyof RegulationInputs] as string[])].sort()])) };
    })
    .sort((a, b) => regulationKey(a).localeCompare(regulationKey(b)));
}

export const DIFF_RULES = rulesOf(noticeConfigFields, {
  regulationConfigurations: (items) => canonicalRegulations(items as RegulationInputs[]),
});

/** The hash of the managed content: equal for equal content whatever the order of sets; unknown while any part is. */
export function contentHashOf(inputs: NoticeConfigInputs): string {
  const content: Record<string, unknown> = {};
  for (const field of managedFields(inputs, CONTENT_FIELDS)) {
    const value = (inputs as Record<string, unknown>)[field];
    if (isUnknown(value)) return UNKNOWN;
    content[field] = canonical(field, value, DIFF_RULES);
  }
  return `sha256:${createHash("sha256").update(stableJson(content)).digest("hex")}`;
}

/** Rules across fields, checked even when single fields fail, so that every problem is reported at once. */
export function crossFieldFailures(inputs: NoticeConfigInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const targets = inputs.targets;
  if (inputs.default === true && Array.isArray(targets) && targets.length > 0 && !isUnknown(targets)) {
    failures.push({
      property: "targets",
      reason: `targets: a default notice (default: true) serves every site without its own notice, so it takes no targets; remove targets ${JSON.stringify(targets)} or set default: false`,
    });
  }
  // the typed selection owns its paths of the SDK configuration: a raw config setting one of them too is ambiguous
  if ((inputs.vendors || inputs.purposes) && inputs.config && !isUnknown(inputs.config) && !isUnknown(inputs.vendors) && !isUnknown(inputs.purposes)) {
    const raw = inputs.config as Record<string, unknown>;
    if (stableJson(withoutSelection(raw, inputs)) !== stableJson(raw)) {
      failures.push({
        property: "config",
        reason:
          "config: sets paths that `vendors` or `purposes` also set (config.app.vendors.include, .didomi, .iab.all, .iab.include, " +
          "config.preferences.categories); declare each in one place: remove them from config, or the typed field",
      });
    }
  }
  const seen = new Set<string>();
  const items = Array.isArray(inputs.regulationConfigurations) ? inputs.regulationConfigurations : [];
  for (const [index, item] of items.entries()) {
    if (isUnknown(item)) continue;
    const key = regulationKey(item);
    if (seen.has(key)) {
      failures.push({
        property: `regulationConfigurations[${index}]`,
        reason: `regulationConfigurations[${index}]: a second entry for regulation "${item.regulationId}" (isDefaultRegulationConfig ${item.isDefaultRegulationConfig ?? true}); merge the two entries`,
      });
    }
    seen.add(key);
  }
  return failures;
}
