// What `pulumi preview --json` prints (ShowPreviewDigest in pkg/backend/display/json.go): one record per step
// shown, with the old and new state of its resource, secrets as "[secret]", then diagnostics and counts.
import type { StackConfig } from "./project";
import { resourceForDisplay, type ResourceState, STACK_TYPE, typeOfUrn } from "./state";
import type { LogEntry, PreviewDigest, PreviewStep, StepOp } from "./types";

/** What a step's `--json` record shows besides its op and URN. */
export interface StepStates {
  old?: ResourceState;
  new?: ResourceState;
  /** The keys the provider's diff named; the nodejs dynamic provider names none. */
  diffReasons?: string[];
  replaceReasons?: string[];
}

/**
 * The record of one step, or undefined when the CLI leaves it out: unchanged resources other than the stack
 * (shouldShow without --show-sames, isRootStack).
 */
export function previewStep(op: StepOp, urn: string, states: StepStates): PreviewStep | undefined {
  if (op === "same" && typeOfUrn(urn) !== STACK_TYPE) return undefined;
  const provider = (states.new ?? states.old)?.provider;
  const nonEmpty = (keys: string[] | undefined) => (keys && keys.length > 0 ? keys : undefined);
  const step: PreviewStep = {
    op,
    urn,
    ...(provider && { provider }),
    ...(states.old && { oldState: resourceForDisplay(states.old) }),
    ...(states.new && { newState: resourceForDisplay(states.new) }),
    ...(nonEmpty(states.diffReasons) && { diffReasons: states.diffReasons }),
    ...(nonEmpty(states.replaceReasons) && { replaceReasons: states.replaceReasons }),
    // The test engine never forwards a detailed diff: the dynamic provider it runs gives none.
    detailedDiff: null,
  };
  return step;
}

/** The whole document, from what the operation journaled. */
export function previewDigest(
  steps: PreviewStep[],
  config: StackConfig,
  logs: LogEntry[],
  counts: Partial<Record<StepOp, number>>,
  startedAt: bigint,
): PreviewDigest {
  // The prelude's config is blinded: a secret's value is never printed.
  const shownConfig = Object.fromEntries([...config].map(([key, { value, secret }]) => [key, secret ? "[secret]" : value]));
  // Refresh steps are not logical steps: the CLI leaves them out of the change summary.
  const { refresh: _refreshes, ...changeSummary } = counts;
  return {
    config: shownConfig,
    steps,
    diagnostics: logs
      .filter((entry) => entry.severity !== "debug")
      .map(({ urn, message, severity }) => ({ ...(urn && { urn }), message, severity })),
    duration: Number(process.hrtime.bigint() - startedAt),
    changeSummary,
  };
}
