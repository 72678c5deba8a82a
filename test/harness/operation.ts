// One CLI operation end to end: load the state, start the engine's gRPC server, run the deployment (with the
// program for preview/up), write the state, and assemble what the user sees.
import { previewDigest } from "./digest";
import { Deployment, errorMessage } from "./engine";
import { Journal } from "./journal";
import { Monitor } from "./monitor";
import { EXIT_ALREADY_REPORTED, RunningProgram } from "./program";
import type { Project, StackConfig } from "./project";
import { toDisplay } from "./properties";
import { ProviderRegistry } from "./providers";
import { ResourceState, STACK_TYPE, StateFile } from "./state";
import { renderSummary } from "./summary";
import { OperationKind, OperationResult, StepOp } from "./types";

export interface OperationContext {
  project: Project;
  stack: string;
  config: StackConfig;
  stateFile: string;
  passphrase: string;
  parallel: number;
  env: NodeJS.ProcessEnv;
}

export interface OperationFlags {
  /** Refresh (in memory) before a preview or an update, like `--refresh`. */
  refresh?: boolean;
  /** `pulumi refresh --preview-only`: show the drift without writing the state. */
  previewOnly?: boolean;
}

export async function runOperation(
  kind: OperationKind,
  context: OperationContext,
  flags: OperationFlags = {},
): Promise<OperationResult> {
  const startedAt = process.hrtime.bigint();
  const journal = new Journal(kind === "preview");
  const state = await StateFile.load(context.stateFile, context.passphrase);
  const preview = kind === "preview" || (kind === "refresh" && flags.previewOnly === true);
  const monitor = await Monitor.start(journal);
  const providers = new ProviderRegistry(
    { project: context.project, env: context.env, engineAddress: monitor.address, log: (e) => journal.log(e) },
    state.resources,
  );
  const deployment = (base: ResourceState[]) =>
    new Deployment(
      {
        project: context.project.name,
        stack: context.stack,
        config: context.config,
        dryRun: preview,
        parallel: context.parallel,
        providers,
        journal,
      },
      base,
    );

  let ok = true;
  let resources = state.resources;
  // The deployment whose snapshot is the new state, even when it stops half-way (steps already done are kept).
  let current: Deployment | undefined;
  try {
    if (kind === "refresh") {
      const refresh = deployment(state.resources);
      resources = await refresh.refreshAll();
      ok = !refresh.failed;
    } else if (kind === "destroy") {
      current = deployment(state.resources);
      await current.deleteUnregistered(true);
      ok = !current.failed;
    } else {
      let base = state.resources;
      if (flags.refresh) {
        const refresh = deployment(base);
        base = await refresh.refreshAll();
        ok = !refresh.failed;
        resources = base;
      }
      if (ok) {
        current = deployment(base);
        ok = await runProgram(current, monitor, providers, context, preview, journal);
      }
    }
  } catch (err) {
    journal.engine("error", errorMessage(err));
    ok = false;
  } finally {
    await providers.closeAll();
    monitor.close();
  }
  if (current) resources = current.snapshot();
  if (!preview) state.save(resources);

  const stackResource = resources.find((r) => r.type === STACK_TYPE);
  const outputs = (stackResource ? toDisplay(stackResource.outputs) : {}) as Record<string, unknown>;
  const counts: Partial<Record<StepOp, number>> = {};
  for (const step of journal.steps) counts[step.op] = (counts[step.op] ?? 0) + 1;
  const errors = journal.errors();
  return {
    kind,
    ok,
    ...(!ok && { error: errors.length > 0 ? errors.join("\n") : `${kind} failed` }),
    steps: journal.steps,
    counts,
    changes: journal.steps.some(
      (s) => s.op !== "same" && s.op !== "read" && !(s.op === "refresh" && s.refreshResult === "unchanged"),
    ),
    outputs,
    logs: journal.entries,
    summary: renderSummary({
      kind,
      stack: context.stack,
      project: context.project.name,
      preview,
      steps: journal.steps,
      logs: journal.entries,
      outputs,
    }),
    ...(kind === "preview" && {
      digest: previewDigest(journal.previewSteps, context.config, journal.entries, counts, startedAt),
    }),
  };
}

/** Runs the program against the deployment, then deletes what it no longer declares. Returns success. */
async function runProgram(
  deployment: Deployment,
  monitor: Monitor,
  providers: ProviderRegistry,
  context: OperationContext,
  dryRun: boolean,
  journal: Journal,
): Promise<boolean> {
  monitor.deployment = deployment;
  // The engine starts the plugin at the first dynamic resource. Starting it while the program boots changes
  // nothing either process can observe and saves a second or so; a failure to start surfaces at first use.
  providers.start(deployment.defaultProviderReference(), context.config).catch(() => undefined);
  const program = RunningProgram.start({
    project: context.project,
    stack: context.stack,
    monitorAddress: monitor.address,
    dryRun,
    parallel: context.parallel,
    config: context.config,
    env: context.env,
    log: (e) => journal.log(e),
  });
  // A failed step cancels the deployment: the engine then stops the program instead of letting it run on.
  deployment.onCancel(() => program.kill());
  const exitCode = await program.exited;
  await deployment.settle();
  monitor.deployment = undefined;
  if (deployment.failed) return false;
  if (exitCode !== 0) {
    // Exit code 32 means the program already logged a user-facing error; anything else gets the host's message.
    if (exitCode !== EXIT_ALREADY_REPORTED) {
      journal.engine("error", `an unhandled error occurred: Program exited with non-zero exit code: ${exitCode}`);
    }
    return false;
  }
  await deployment.deleteUnregistered();
  return !deployment.failed;
}
