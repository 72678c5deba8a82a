// The test engine's library entry point: a stack of a real Pulumi program, driven through the real @pulumi/pulumi
// runtime and dynamic provider plugin without the Pulumi CLI. See docs/testing.md.
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { runOperation } from "./operation";
import { buildConfig, loadProject } from "./project";
import { Crypter } from "./secrets";
import { decryptState } from "./state";
import type { DeploymentState, OperationResult, StackOptions, StateResource } from "./types";

export type {
  DeploymentState,
  LogEntry,
  OperationKind,
  OperationResult,
  PreviewDigest,
  PreviewStep,
  StackOptions,
  StateResource,
  StateValue,
  Step,
  StepOp,
} from "./types";

export class Stack {
  readonly options: StackOptions;

  constructor(options: StackOptions) {
    this.options = { ...options };
  }

  /** `pulumi preview [--refresh]`; with refresh the state is refreshed in memory only. */
  preview(options: { refresh?: boolean } = {}): Promise<OperationResult> {
    return this.run("preview", options);
  }

  /** `pulumi up --yes [--refresh]`. */
  up(options: { refresh?: boolean } = {}): Promise<OperationResult> {
    return this.run("up", options);
  }

  /** `pulumi refresh --yes`, or `--preview-only` (nothing written). */
  refresh(options: { previewOnly?: boolean } = {}): Promise<OperationResult> {
    return this.run("refresh", options);
  }

  /** `pulumi destroy --yes`. */
  destroy(): Promise<OperationResult> {
    return this.run("destroy", {});
  }

  /** The state file as written: secrets are ciphertext objects. */
  readState(): DeploymentState {
    if (!existsSync(this.options.stateFile)) {
      throw new Error(`no state at ${this.options.stateFile}: run up (or refresh/destroy) on this stack first`);
    }
    return JSON.parse(readFileSync(this.options.stateFile, "utf8")) as DeploymentState;
  }

  /** The state file with every secret decrypted in place as `{ <signature>, plaintext: value }`. */
  async readPlainState(): Promise<DeploymentState> {
    const state = this.readState();
    const crypter = await Crypter.open(this.passphrase(), state.deployment.secrets_providers?.state.salt);
    return decryptState(state, crypter);
  }

  private environment(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.options.env };
  }

  /** Like the CLI with the passphrase secrets provider; an empty passphrase when none is set. */
  private passphrase(): string {
    return this.environment()["PULUMI_CONFIG_PASSPHRASE"] ?? "";
  }

  private run(kind: OperationResult["kind"], flags: { refresh?: boolean; previewOnly?: boolean }) {
    const project = loadProject(this.options.cwd);
    return runOperation(
      kind,
      {
        project,
        stack: this.options.stack,
        config: buildConfig(project.name, this.options.config, this.options.secrets),
        stateFile: this.options.stateFile,
        passphrase: this.passphrase(),
        parallel: this.options.parallel ?? 4 * cpus().length,
        env: this.environment(),
      },
      flags,
    );
  }
}

/** The resources of a state, in state order. */
export function stateResources(state: DeploymentState): StateResource[] {
  return state.deployment.resources ?? [];
}
