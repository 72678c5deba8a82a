// Public types of the test engine. The shapes of OperationResult and the state file follow what the Pulumi CLI
// reports (`pulumi preview/up/refresh/destroy` and `pulumi stack export`), so a scenario reads the same either way.

export interface StackOptions {
  /** Program directory (has Pulumi.yaml; TypeScript or JavaScript program). */
  cwd: string;
  /** Stack name. */
  stack: string;
  /** JSON, shaped like `pulumi stack export` (deployment version 3); created when absent. */
  stateFile: string;
  /** "didomi:baseUrl" → value; a key without namespace gets "<project>:" like the CLI. */
  config?: Record<string, string>;
  /** Secret config values (wrapped as secrets for the program AND the provider's Configure). */
  secrets?: Record<string, string>;
  /** Like --parallel; default 4 × os.cpus().length, as Pulumi. */
  parallel?: number;
  /** Extra environment for the program and the plugin (PULUMI_CONFIG_PASSPHRASE is read from here first). */
  env?: Record<string, string>;
}

export type StepOp = "same" | "create" | "update" | "replace" | "delete" | "refresh" | "read";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  id?: string;
  /** Changed top-level input keys (update/replace), or drifted keys (refresh). */
  diffs?: string[];
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  /** For refresh steps. */
  refreshResult?: "unchanged" | "changed" | "deleted";
}

export interface LogEntry {
  source: "program" | "provider" | "engine";
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn?: string;
}

export type OperationKind = "preview" | "up" | "refresh" | "destroy";

export interface OperationResult {
  kind: OperationKind;
  ok: boolean;
  /** The message a user would see. */
  error?: string;
  /** In execution order; includes "same" steps. */
  steps: Step[];
  counts: Partial<Record<StepOp, number>>;
  /** Anything other than same steps and unchanged refreshes. */
  changes: boolean;
  /** Stack outputs, secrets as the string "[secret]", values unknown in a preview as "[unknown]". */
  outputs: Record<string, unknown>;
  /** Program console/Engine.Log, plugin stdout/stderr, engine diagnostics. */
  logs: LogEntry[];
  /** What the CLI prints without --json. */
  summary: string;
  /** Previews only: what `pulumi preview --json` prints (the harness CLI's `--json-cli`). */
  digest?: PreviewDigest;
}

/**
 * `pulumi preview --json` (display.PreviewDigest in pkg/display/json.go). Secrets are the string "[secret]", as the
 * CLI prints them without --show-secrets. See docs/testing.md for what the test engine fills in.
 */
export interface PreviewDigest {
  config?: Record<string, string>;
  steps?: PreviewStep[];
  diagnostics?: { urn?: string; message: string; severity: LogEntry["severity"] }[];
  /** Nanoseconds, as Go's time.Duration. */
  duration?: number;
  changeSummary?: Partial<Record<StepOp, number>>;
}

export interface PreviewStep {
  op: StepOp;
  urn: string;
  provider?: string;
  oldState?: StateResource;
  newState?: StateResource;
  diffReasons?: string[];
  replaceReasons?: string[];
  /** Always present; null when the provider gave no detailed diff (the nodejs dynamic provider never does). */
  detailedDiff: Record<string, { kind: string; inputDiff: boolean }> | null;
}

/** A value in the state file: plain JSON, or a secret / resource reference object marked by the signature key. */
export type StateValue = null | boolean | number | string | StateValue[] | { [key: string]: StateValue };

/** One resource of `pulumi stack export` (apitype.ResourceV3). Optional keys are omitted when empty, as Pulumi does. */
export interface StateResource {
  urn: string;
  custom: boolean;
  delete?: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, StateValue>;
  outputs?: Record<string, StateValue>;
  parent?: string;
  protect?: boolean;
  external?: boolean;
  dependencies?: string[];
  initErrors?: string[];
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  importID?: string;
  retainOnDelete?: boolean;
  deletedWith?: string;
  created?: string;
  modified?: string;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
}

/** `pulumi stack export` output (apitype.UntypedDeployment with a DeploymentV3 inside). */
export interface DeploymentState {
  version: 3;
  deployment: {
    manifest: { time: string; magic: string; version: string };
    secrets_providers?: { type: "passphrase"; state: { salt: string } };
    resources?: StateResource[];
  };
}
