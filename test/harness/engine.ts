// The deployment engine: step generation (pkg/resource/deploy/step_generator.go), step execution
// (step_executor.go, step.go), deletes scheduled in reverse dependency order (ScheduleDeletes) and refresh
// (deployment_executor.go refresh / RefreshStep). Check and Diff run one registration at a time, as the engine's
// step generator does; the resulting step chains run on a worker pool of `parallel` workers.
import { randomUUID } from "node:crypto";
import { SerialQueue, WorkerPool } from "./concurrency";
import { Journal } from "./journal";
import { ProviderPlugin, ResourceInitError } from "./plugin";
import { configToProperties, type StackConfig } from "./project";
import {
  applyIgnoreChanges,
  diffMaps,
  parsePropertyPath,
  pathContains,
  PropertyMap,
  PropertyPath,
  Secret,
  toDisplay,
} from "./properties";
import type { ProviderRegistry } from "./providers";
import { isProviderType, makeUrn, nameOfUrn, NODEJS_PROVIDER_TYPE, ResourceState } from "./state";

/** A resource registration from the program (RegisterResourceRequest after inheritFromParent). */
export interface Goal {
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  properties: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
  importId: string;
  deletedWith: string;
}

/** A goal with no options set: what a registration carries before its own options are read. */
export function baseGoal(type: string, name: string, custom: boolean, parent: string, properties: PropertyMap): Goal {
  return {
    type,
    name,
    custom,
    parent,
    properties,
    dependencies: [],
    propertyDependencies: {},
    ignoreChanges: [],
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    importId: "",
    deletedWith: "",
  };
}

export interface RegisterResult {
  state: ResourceState;
  status: "success" | "failed";
}

/** A failure already reported to the user as a diagnostic: stop without adding another message. */
export class Bail extends Error {}

/** The deployment stopped after an error; registrations still in flight get "monitor shut down". */
export class DeploymentCancelled extends Error {
  constructor() {
    super("resource monitor shut down");
  }
}

interface DiffResult {
  changes: "some" | "none";
  replaceKeys: string[];
  changedKeys: string[];
  /** Leaf paths of an engine-computed diff (providers answering DIFF_UNKNOWN); empty for provider diffs. */
  detailedPaths: PropertyPath[];
  deleteBeforeReplace: boolean;
  /** A detailed-diff entry turned into a replacement by replaceOnChanges. */
  replaceByPath: boolean;
}

export interface DeploymentSettings {
  project: string;
  stack: string;
  config: StackConfig;
  dryRun: boolean;
  parallel: number;
  providers: ProviderRegistry;
  journal: Journal;
}

const INIT_ERROR_KEY = "#initerror";

export class Deployment {
  private readonly generation = new SerialQueue();
  private readonly workers: WorkerPool;
  private readonly olds = new Map<string, ResourceState>();
  /** URNs registered by the program in this deployment (they are not deleted afterwards). */
  private readonly registered = new Set<string>();
  private readonly news: ResourceState[] = [];
  /** Old resources that leave the snapshot: superseded or deleted. */
  private readonly retired = new Set<ResourceState>();
  /** URNs being deleted in this deployment, for deletedWith. */
  private readonly deleting = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private defaultProvider?: string;
  private cancelled = false;
  private sawError = false;
  private readonly cancelListeners: (() => void)[] = [];

  constructor(
    private readonly settings: DeploymentSettings,
    private readonly base: ResourceState[],
  ) {
    this.workers = new WorkerPool(settings.parallel);
    for (const r of base) if (!r.delete) this.olds.set(r.urn, r);
  }

  get failed(): boolean {
    return this.sawError || this.cancelled;
  }

  onCancel(listener: () => void): void {
    this.cancelListeners.push(listener);
  }

  /** The snapshot: new states in completion order, then the old ones nothing superseded (journal.go). */
  snapshot(): ResourceState[] {
    return [...this.news, ...this.base.filter((r) => !this.retired.has(r))];
  }

  newState(urn: string): ResourceState | undefined {
    return this.news.find((r) => r.urn === urn);
  }

  /** Waits until every step chain started so far has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Registrations

  async registerResource(goal: Goal): Promise<RegisterResult> {
    if (this.cancelled) throw new DeploymentCancelled();
    const urn = makeUrn(this.settings.stack, this.settings.project, goal.parent, goal.type, goal.name);
    let chain: () => Promise<RegisterResult>;
    try {
      chain = await this.generation.run(() => this.generateSteps(goal, urn));
    } catch (err) {
      this.fail(err, urn);
      throw new DeploymentCancelled();
    }
    return this.track(this.workers.run(chain));
  }

  /** RegisterResourceOutputs: components and the stack report their outputs once their children exist. */
  registerOutputs(urn: string, outputs: PropertyMap): void {
    const state = this.newState(urn);
    if (!state) throw new Error(`cannot register outputs for unknown resource ${urn}`);
    state.outputs = outputs;
  }

  /** ReadResource (the `id` resource option / `get`): reads an existing resource the program does not manage. */
  async readResource(goal: Goal, id: string): Promise<ResourceState> {
    if (this.cancelled) throw new DeploymentCancelled();
    const urn = makeUrn(this.settings.stack, this.settings.project, goal.parent, goal.type, goal.name);
    const old = this.olds.get(urn);
    if (old && !old.external && old.id !== id) {
      this.fail(new Error(`${urn} is already managed with id '${old.id}': the test engine does not replace a managed resource with a read one`), urn);
      throw new DeploymentCancelled();
    }
    this.registered.add(urn);
    const provider = this.ensureDefaultProvider();
    const state = this.stateFromGoal(goal, urn, provider, old);
    Object.assign(state, { id, external: true, protect: false, retainOnDelete: false, deletedWith: "" });
    return this.track(
      this.workers.run(async () => {
        try {
          const plugin = await this.settings.providers.forReference(provider);
          const read = await plugin.read(urn, id, state.inputs, state.inputs);
          state.outputs = read.outputs;
          if (read.id !== "") state.id = read.id;
        } catch (err) {
          this.fail(err, urn);
          throw new DeploymentCancelled();
        }
        this.secureOutputs(state);
        this.adopt(state, old);
        this.settings.journal.step("read", urn, { id: state.id }, { old, new: state });
        return state;
      }),
    );
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  private async generateSteps(goal: Goal, urn: string): Promise<() => Promise<RegisterResult>> {
    const { dryRun } = this.settings;
    if (this.registered.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    this.registered.add(urn);
    const old = this.olds.get(urn);
    const provider = goal.custom ? this.ensureDefaultProvider() : "";
    const news = this.stateFromGoal(goal, urn, provider, old);

    const oldImportId = old ? old.importId || old.id : "";
    if (goal.custom && goal.importId && (!old || old.external || oldImportId !== goal.importId)) {
      return () => this.chain(urn, news, () => this.importResource(news, goal.importId));
    }

    // ignoreChanges applies before Check: the provider sees the old value of every ignored property.
    let inputs = goal.properties;
    if (old) {
      const ignored = applyIgnoreChanges(inputs, old.inputs, goal.ignoreChanges);
      if (ignored.invalidPaths.length > 0) {
        this.settings.journal.engine(
          "info",
          `cannot ignore changes in added or removed elements of the path: ${JSON.stringify(ignored.invalidPaths.join(", "))}`,
          urn,
        );
      }
      inputs = ignored.inputs;
    }
    const plugin = goal.custom ? await this.settings.providers.forReference(provider) : undefined;
    if (plugin) inputs = await this.check(plugin, news, old ? old.inputs : {}, inputs);
    news.inputs = inputs;

    if (!old) {
      return () => this.chain(urn, news, () => this.create(news), () => this.record("create", news, undefined));
    }

    const hasInitErrors = old.initErrors.length > 0;
    const diff = applyReplaceOnChanges(
      plugin
        ? await this.diff(plugin, urn, old.id, old.inputs, old.outputs, inputs, goal.ignoreChanges)
        : componentDiff(old.inputs, inputs),
      goal.replaceOnChanges,
      hasInitErrors,
    );
    const displayedDiffs = diff.changedKeys.length > 0 ? diff.changedKeys : diffMaps(old.inputs, inputs).changedKeys;

    if (diff.changes === "some" && (diff.replaceKeys.length > 0 || diff.replaceByPath)) {
      if (news.protect && old.protect) {
        const message =
          `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
          "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`";
        this.settings.journal.engine("error", message, urn);
        this.sawError = true;
        // A preview goes on so the user sees the whole plan; an update stops before touching anything.
        if (!dryRun) throw new Bail(message);
      }
      if (goal.importId) {
        const message =
          "previously-imported resources that still specify an ID may not be replaced; please remove the `import` declaration from your program";
        if (!dryRun) throw new Error(message);
        this.settings.journal.engine("warning", message, urn);
      }
      // A replacement starts from scratch: Check again with no old inputs (and without ignoreChanges).
      if (plugin) news.inputs = await this.check(plugin, news, {}, goal.properties);
      const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      const details = { diffs: displayedDiffs, replaces: diff.replaceKeys, deleteBeforeReplace };
      if (deleteBeforeReplace) {
        this.deleting.add(urn);
        return () =>
          this.chain(
            urn,
            news,
            () => this.delete(old, true),
            () => this.create(news),
            () => this.record("replace", news, old, details, diff),
          );
      }
      // Create-before-delete: the old resource is marked for deletion and deleted after the program finishes.
      return () =>
        this.chain(urn, news, () => this.create(news, old), () => this.record("replace", news, old, details, diff));
    }
    if (diff.changes === "some" || hasInitErrors) {
      return () =>
        this.chain(
          urn,
          news,
          () => this.update(old, news, goal.ignoreChanges),
          () => this.record("update", news, old, { diffs: displayedDiffs }, diff),
        );
    }
    return () => this.chain(urn, news, () => this.same(old, news), () => this.record("same", news, old));
  }

  private stateFromGoal(goal: Goal, urn: string, provider: string, old: ResourceState | undefined): ResourceState {
    return {
      urn,
      type: goal.type,
      custom: goal.custom,
      id: "",
      inputs: goal.properties,
      outputs: {},
      parent: goal.parent,
      dependencies: goal.dependencies,
      propertyDependencies: goal.propertyDependencies,
      provider,
      protect: goal.protect ?? false,
      retainOnDelete: goal.retainOnDelete ?? false,
      deletedWith: goal.deletedWith,
      external: false,
      delete: false,
      initErrors: [],
      additionalSecretOutputs: goal.additionalSecretOutputs,
      ignoreChanges: goal.ignoreChanges,
      replaceOnChanges: goal.replaceOnChanges,
      importId: goal.importId,
      ...(old?.created !== undefined && { created: old.created }),
      ...(old?.modified !== undefined && { modified: old.modified }),
    };
  }

  /**
   * The reference "<urn>::<id>" of the default pulumi-nodejs provider. A changed config updates that provider in
   * place, so its id, and with it every resource's reference, is kept from the old state.
   */
  defaultProviderReference(): string {
    if (!this.defaultProvider) {
      const urn = makeUrn(this.settings.stack, this.settings.project, "", NODEJS_PROVIDER_TYPE, "default");
      this.defaultProvider = `${urn}::${this.olds.get(urn)?.id ?? randomUUID()}`;
    }
    return this.defaultProvider;
  }

  /** Registers the default provider on first use: a resource whose inputs are the whole stack config. */
  private ensureDefaultProvider(): string {
    const reference = this.defaultProviderReference();
    const separator = reference.lastIndexOf("::");
    const urn = reference.slice(0, separator);
    if (this.registered.has(urn)) return reference;
    const old = this.olds.get(urn);
    const inputs = configToProperties(this.settings.config);
    const goal = baseGoal(NODEJS_PROVIDER_TYPE, "default", true, "", inputs);
    const state = { ...this.stateFromGoal(goal, urn, "", old), id: reference.slice(separator + 2), outputs: inputs };
    this.registered.add(urn);
    this.adopt(state, old);
    // From now on the provider runs with the current config (before, an old reference meant the state's config).
    this.settings.providers.register(reference, this.settings.config);
    return reference;
  }

  private async check(plugin: ProviderPlugin, news: ResourceState, olds: PropertyMap, inputs: PropertyMap) {
    const { inputs: checked, failures } = await plugin.check(news.urn, olds, inputs, this.settings.dryRun);
    if (failures.length > 0) {
      for (const { property, reason } of failures) {
        // diag.GetResourcePropertyInvalidValueError / GetResourceInvalidError, with secrets redacted.
        const message = property
          ? `${news.type} resource '${nameOfUrn(news.urn)}': property ${property} value ${formatValue(inputs[property])} has a problem: ${reason}`
          : `${news.type} resource '${nameOfUrn(news.urn)}' has a problem: ${reason}`;
        this.settings.journal.engine("error", message, news.urn);
      }
      throw new Bail(`resource ${news.urn} is invalid`);
    }
    return checked;
  }

  /** diffResource: the provider's answer, or for DIFF_UNKNOWN the engine's own diff of the inputs. */
  private async diff(
    plugin: ProviderPlugin,
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    ignoreChanges: string[],
  ): Promise<DiffResult> {
    const answer = await plugin.diff(urn, id, oldInputs, oldOutputs, newInputs, this.settings.dryRun, ignoreChanges);
    const result = { ...answer, detailedPaths: [] as PropertyPath[], replaceByPath: false };
    if (answer.changes !== "unknown") return { ...result, changes: answer.changes };
    const engineDiff = diffMaps(oldInputs, applyIgnoreChanges(newInputs, oldInputs, ignoreChanges).inputs);
    if (engineDiff.changedKeys.length === 0) return { ...result, changes: "none" };
    return { ...result, changes: "some", changedKeys: engineDiff.changedKeys, detailedPaths: engineDiff.paths };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Step execution

  /** Runs one registration's steps in order; a failure is reported and stops the deployment (no ContinueOnError). */
  private async chain(urn: string, news: ResourceState, ...steps: (() => Promise<void> | void)[]): Promise<RegisterResult> {
    for (const step of steps) {
      if (this.cancelled) throw new DeploymentCancelled();
      try {
        await step();
      } catch (err) {
        this.fail(err, urn);
        return { state: news, status: "failed" };
      }
    }
    return { state: news, status: "success" };
  }

  private record(
    op: "create" | "update" | "same" | "replace",
    state: ResourceState,
    old: ResourceState | undefined,
    details: Parameters<Journal["step"]>[2] = {},
    diff?: DiffResult,
  ): void {
    this.settings.journal.step(
      op,
      state.urn,
      { ...(state.id && { id: state.id }), ...details },
      { old, new: state, ...(diff && { diffReasons: diff.changedKeys, replaceReasons: diff.replaceKeys }) },
    );
  }

  private async create(news: ResourceState, replacing?: ResourceState): Promise<void> {
    if (news.custom) {
      const plugin = await this.settings.providers.forReference(news.provider);
      try {
        Object.assign(news, await plugin.create(news.urn, news.inputs, this.settings.dryRun));
      } catch (err) {
        // A resource that exists but failed to initialize is recorded with its init errors (partial failure).
        if (err instanceof ResourceInitError) this.keepPartial(news, err, undefined);
        throw err;
      }
    }
    news.created = news.modified = new Date().toISOString();
    if (replacing) replacing.delete = true;
    this.secureOutputs(news);
    this.adopt(news, undefined);
  }

  private async update(old: ResourceState, news: ResourceState, ignoreChanges: string[]): Promise<void> {
    news.id = old.id;
    if (news.custom) {
      const plugin = await this.settings.providers.forReference(news.provider);
      try {
        news.outputs = await plugin.update(
          news.urn,
          old.id,
          old.inputs,
          old.outputs,
          news.inputs,
          this.settings.dryRun,
          ignoreChanges,
        );
      } catch (err) {
        if (err instanceof ResourceInitError) this.keepPartial(news, err, old);
        throw err;
      }
      news.modified = new Date().toISOString();
    }
    this.secureOutputs(news);
    this.adopt(news, old);
  }

  private keepPartial(news: ResourceState, err: ResourceInitError, old: ResourceState | undefined): void {
    Object.assign(news, { id: err.id || news.id, outputs: err.outputs, initErrors: err.reasons });
    this.secureOutputs(news);
    this.adopt(news, old);
  }

  /** SameStep: the new inputs, but the OLD id and outputs (including the old __provider). */
  private same(old: ResourceState, news: ResourceState): void {
    news.id = old.id;
    news.outputs = old.outputs;
    this.secureOutputs(news);
    this.adopt(news, old);
  }

  /** The engine can only import through Read with no state, which the nodejs dynamic provider cannot serve. */
  private async importResource(news: ResourceState, importId: string): Promise<void> {
    const plugin = await this.settings.providers.forReference(news.provider);
    await plugin.read(news.urn, importId, undefined, undefined);
    throw new Error(`${news.urn}: the test engine only reproduces failing imports, but this provider's Read succeeded`);
  }

  private async delete(old: ResourceState, replacing: boolean): Promise<void> {
    if (!replacing && old.protect) throw new ProtectedDeleteError(old.urn);
    const skipProvider =
      this.settings.dryRun ||
      old.external ||
      old.retainOnDelete ||
      !old.custom ||
      isProviderType(old.type) ||
      (old.deletedWith !== "" && this.deleting.has(old.deletedWith));
    if (!skipProvider) {
      const plugin = await this.settings.providers.forReference(old.provider);
      await plugin.delete(old.urn, old.id, old.inputs, old.outputs);
    }
    this.retired.add(old);
  }

  /** Outputs become secret when listed in additionalSecretOutputs or when the same-named input is a secret. */
  private secureOutputs(state: ResourceState): void {
    for (const key of state.additionalSecretOutputs) {
      if (key === "id") {
        this.settings.journal.engine(
          "warning",
          "The 'id' property cannot be made secret. See pulumi/pulumi#2717 for more details.",
          state.urn,
        );
      } else if (key in state.outputs && !(state.outputs[key] instanceof Secret)) {
        state.outputs[key] = new Secret(state.outputs[key]!);
      }
    }
    for (const [key, value] of Object.entries(state.outputs)) {
      if (!(value instanceof Secret) && state.inputs[key] instanceof Secret) state.outputs[key] = new Secret(value);
    }
  }

  /** Puts a new state in the snapshot, in place of the old one it supersedes. */
  private adopt(news: ResourceState, old: ResourceState | undefined): void {
    this.news.push(news);
    if (old) this.retired.add(old);
  }

  /** Reports a failure and cancels the deployment; a delete refused by protect lets the other deletes go on. */
  private fail(err: unknown, urn: string): void {
    if (err instanceof DeploymentCancelled) return;
    this.sawError = true;
    if (!(err instanceof Bail)) this.settings.journal.engine("error", errorMessage(err), urn);
    if (err instanceof ProtectedDeleteError) return;
    if (!this.cancelled) {
      this.cancelled = true;
      for (const listener of this.cancelListeners) listener();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // After the program: deletes (GenerateDeletes + ScheduleDeletes), or everything for destroy

  /**
   * Deletes the old resources the program no longer declares (all of them when `everything`), plus the old halves
   * of create-before-delete replacements, in reverse dependency order, one antichain at a time.
   */
  async deleteUnregistered(everything = false): Promise<void> {
    if (this.cancelled) return;
    const condemned = this.base.filter(
      (r) => !this.retired.has(r) && (everything || r.delete || !this.registered.has(r.urn)),
    );
    for (const r of condemned) this.deleting.add(r.urn);
    const erroredDependencies = new Set<ResourceState>();
    for (const antichain of scheduleDeletes(condemned)) {
      if (this.cancelled) return;
      const runnable = antichain.filter((r) => !erroredDependencies.has(r));
      await Promise.all(
        runnable.map((old) =>
          this.workers.run(async () => {
            try {
              await this.delete(old, old.delete);
            } catch (err) {
              this.fail(err, old.urn);
              for (const dependency of transitiveDependencies(old, condemned)) erroredDependencies.add(dependency);
              return;
            }
            if (!old.delete && !old.external && !isProviderType(old.type)) {
              this.settings.journal.step("delete", old.urn, old.id ? { id: old.id } : {}, { old });
            }
          }),
        ),
      );
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Refresh

  /**
   * Reads every resource of the old state (in parallel) and returns the refreshed state list with the gone ones
   * dropped and dangling references repaired (rebuildBaseState).
   */
  async refreshAll(): Promise<ResourceState[]> {
    const refreshed = await Promise.all(
      this.base.map((old) => this.workers.run(() => this.refreshOne(old))),
    );
    return rebuildBaseState(refreshed.filter((r): r is ResourceState => r !== undefined));
  }

  private async refreshOne(old: ResourceState): Promise<ResourceState | undefined> {
    const { journal } = this.settings;
    // Like the CLI's refresh event, the step shows the state before the read on both sides: the read's result
    // only shows in the steps of the program that follows (`preview --refresh`).
    const states = { old, new: old };
    if (!old.custom || isProviderType(old.type)) {
      if (!isProviderType(old.type)) journal.step("refresh", old.urn, { refreshResult: "unchanged" }, states);
      return old;
    }
    let read: { id: string; outputs: PropertyMap; inputs?: PropertyMap; initErrors: string[] };
    let plugin: ProviderPlugin;
    try {
      plugin = await this.settings.providers.forReference(old.provider);
      try {
        read = { ...(await plugin.read(old.urn, old.id, old.inputs, old.outputs)), initErrors: [] };
      } catch (err) {
        if (!(err instanceof ResourceInitError)) throw err;
        // An unhealthy resource does not fail a refresh: warn and keep the init errors for the next up.
        journal.engine("warning", `Refreshed resource is in an unhealthy state:\n* ${err.reasons.join("\n* ")}`, old.urn);
        read = { id: err.id || old.id, outputs: err.outputs, initErrors: err.reasons };
      }
    } catch (err) {
      this.sawError = true;
      journal.engine("error", errorMessage(err), old.urn);
      return old;
    }
    if (read.id === "") {
      journal.step("refresh", old.urn, { id: old.id, refreshResult: "deleted" }, states);
      return undefined;
    }
    const news: ResourceState = {
      ...old,
      id: read.id,
      outputs: read.outputs,
      inputs: read.inputs ?? old.inputs,
      initErrors: read.initErrors,
    };
    // The drift is the diff an `up` of an unchanged program would show, inverted: the provider diffs the state as
    // read (as "old") against the inputs in the state (as "new").
    try {
      const diff = await this.diff(plugin, old.urn, news.id, news.inputs, news.outputs, old.inputs, old.ignoreChanges);
      const changed = diff.changes === "some";
      if (changed) news.modified = new Date().toISOString();
      journal.step("refresh", old.urn, {
        id: news.id,
        refreshResult: changed ? "changed" : "unchanged",
        ...(changed && { diffs: diff.changedKeys.length > 0 ? diff.changedKeys : diffMaps(old.inputs, news.inputs).changedKeys }),
      }, states);
    } catch (err) {
      this.sawError = true;
      journal.engine("error", errorMessage(err), old.urn);
      return old;
    }
    return news;
  }
}

class ProtectedDeleteError extends Error {
  constructor(urn: string) {
    const quoted = `'${urn}'`;
    super(
      `resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the ` +
        "`protect` flag from the resource in your Pulumi program and run `pulumi up`, or use the command:\n" +
        `\`pulumi state unprotect ${quoted}\``,
    );
  }
}

/** Components have no provider: any change of their inputs is an update. */
function componentDiff(olds: PropertyMap, news: PropertyMap): DiffResult {
  const { changedKeys, paths } = diffMaps(olds, news);
  return {
    changes: changedKeys.length > 0 ? "some" : "none",
    replaceKeys: [],
    changedKeys: [],
    detailedPaths: paths,
    deleteBeforeReplace: false,
    replaceByPath: false,
  };
}

/**
 * applyReplaceOnChanges: replaceOnChanges only sees what the diff names, the changed keys and the detailed diff. A
 * provider diff that says "changes" without naming keys (the nodejs dynamic provider never does) is not affected.
 */
function applyReplaceOnChanges(diff: DiffResult, replaceOnChanges: string[], hasInitErrors: boolean): DiffResult {
  if (diff.changes !== "some" && !hasInitErrors) return diff;
  const paths = replaceOnChanges.map(parsePropertyPath);
  const covered = (path: PropertyPath) => paths.some((p) => pathContains(p, path));
  const replaceKeys = new Set(diff.replaceKeys);
  for (const key of diff.changedKeys) if (covered([key])) replaceKeys.add(key);
  let changes = diff.changes;
  if (hasInitErrors && covered([INIT_ERROR_KEY])) {
    replaceKeys.add(INIT_ERROR_KEY);
    changes = "some";
  }
  return { ...diff, changes, replaceKeys: [...replaceKeys], replaceByPath: diff.detailedPaths.some(covered) };
}

function dependencyUrns(r: ResourceState): string[] {
  const urns = [r.parent, ...r.dependencies, ...Object.values(r.propertyDependencies).flat(), r.deletedWith];
  if (r.provider) urns.push(r.provider.slice(0, r.provider.lastIndexOf("::")));
  return urns.filter((u) => u !== "");
}

/** ScheduleDeletes: antichains of resources whose condemned dependencies are all gone, reversed. */
function scheduleDeletes(condemned: ResourceState[]): ResourceState[][] {
  const remaining = new Set(condemned);
  const antichains: ResourceState[][] = [];
  while (remaining.size > 0) {
    const layer = [...remaining].filter((r) => !dependenciesWithin(r, remaining).length);
    if (layer.length === 0) throw new Error("the state's dependencies form a cycle; cannot order the deletes");
    for (const r of layer) remaining.delete(r);
    antichains.push(layer);
  }
  return antichains.reverse();
}

function dependenciesWithin(r: ResourceState, pool: Iterable<ResourceState>): ResourceState[] {
  const urns = new Set(dependencyUrns(r));
  return [...pool].filter((other) => other !== r && urns.has(other.urn));
}

function transitiveDependencies(r: ResourceState, pool: ResourceState[]): Set<ResourceState> {
  const found = new Set<ResourceState>();
  const visit = (x: ResourceState) => {
    for (const dep of dependenciesWithin(x, pool)) {
      if (!found.has(dep)) {
        found.add(dep);
        visit(dep);
      }
    }
  };
  visit(r);
  return found;
}

/** rebuildBaseState: drop references to resources a refresh found gone (undangleParentResources for parents). */
function rebuildBaseState(resources: ResourceState[]): ResourceState[] {
  const present = new Set<string>();
  return resources.map((r) => {
    const keep = (urn: string) => present.has(urn);
    const rebuilt: ResourceState = {
      ...r,
      dependencies: r.dependencies.filter(keep),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.filter(keep)]),
      ),
      deletedWith: keep(r.deletedWith) ? r.deletedWith : "",
      parent: keep(r.parent) ? r.parent : "",
    };
    present.add(r.urn);
    return rebuilt;
  });
}

/** PropertyValue.String(): `{value}`, secrets redacted (the CLI would print the secret itself). */
function formatValue(value: PropertyMap[string] | undefined): string {
  const shown = toDisplay(value ?? null);
  return `{${typeof shown === "string" ? shown : JSON.stringify(shown)}}`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
