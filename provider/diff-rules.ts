// Each resource's diff rules by its type's name, for what compares states outside a provider call: the drift
// report must call "the same" exactly what the provider's diff calls the same (sets in any order, regulation
// configurations by regulation).
import { resourceFields, type ResourceKind } from "../fields";
import { rulesOf, type DiffRules } from "./diff";
import { DIFF_RULES as NOTICE_CONFIG_RULES } from "./resources/notice-config/rules";

/** The rules of a resource type ("NoticeConfig"), or undefined for a type that is not this provider's. */
export function diffRulesOf(kind: string): DiffRules | undefined {
  // NoticeConfig is the one resource whose rules add a normalisation to its field table's
  if (kind === "NoticeConfig") return NOTICE_CONFIG_RULES;
  return Object.hasOwn(resourceFields, kind) ? rulesOf(resourceFields[kind as ResourceKind]) : undefined;
}
