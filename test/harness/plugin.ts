// The dynamic provider plugin (@pulumi/pulumi/cmd/dynamic-provider), launched and called the way the engine does:
// launch and port handshake as in sdk/go/common/resource/plugin/plugin.go and provider_plugin.go (NewProvider: cwd, env),
// then GetPluginInfo → Configure → Check/Diff/Create/Read/Update/Delete with provider_plugin.go's marshalling.
import { ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { configToProperties, type Project, type StackConfig } from "./project";
import { annotateSecrets, mapFromWire, mapToWire, PropertyMap } from "./properties";
import {
  emptyProto,
  grpc,
  grpcErrorMessage,
  providerGrpc,
  providerProto,
  statusProto,
  toStruct,
} from "./rpc";
import { NODEJS_PROVIDER_TYPE, nameOfUrn, typeOfUrn } from "./state";
import type { LogEntry } from "./types";

/** A provider error that carries a partially created resource (pulumirpc.ErrorResourceInitFailed). */
export class ResourceInitError extends Error {
  constructor(
    readonly reasons: string[],
    readonly id: string,
    readonly outputs: PropertyMap,
  ) {
    super(initErrorMessage(reasons));
  }
}

// plugin.InitError.Error(): the reasons as a hashicorp multierror.
function initErrorMessage(reasons: string[]): string {
  if (reasons.length === 0) return "resource init failed";
  const noun = reasons.length === 1 ? "error" : "errors";
  return `${reasons.length} ${noun} occurred:\n${reasons.map((r) => `\t* ${r}`).join("\n")}\n\n`;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface ProviderDiff {
  changes: "none" | "some" | "unknown";
  replaceKeys: string[];
  changedKeys: string[];
  deleteBeforeReplace: boolean;
}

interface Protocol {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

export interface PluginLaunch {
  project: Project;
  /** The environment the engine runs with (the plugin inherits it). */
  env: NodeJS.ProcessEnv;
  /** Address of the engine's gRPC server, passed as the plugin's argument. */
  engineAddress: string;
  log: (entry: LogEntry) => void;
}

export class ProviderPlugin {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: InstanceType<typeof providerGrpc.ResourceProviderClient>,
    private readonly protocol: Protocol,
  ) {
    // "close" comes after the output streams end, so every log line has been read by then.
    this.exited = new Promise((resolve) => child.once("close", () => resolve()));
  }

  /** Launches the plugin and configures it with the full stack config (the dynamic provider gets every namespace). */
  static async start(launch: PluginLaunch, providerUrn: string, providerId: string, config: StackConfig) {
    const { project } = launch;
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [project.pwd] });
    const runtimeOptions: Record<string, string> = {};
    for (const [k, v] of Object.entries(project.runtimeOptions)) runtimeOptions[`PULUMI_RUNTIME_${k.toUpperCase()}`] = String(v);
    const nodejsConfig: Record<string, string> = {};
    for (const [k, { value }] of config) if (k.startsWith("pulumi-nodejs:")) nodejsConfig[k] = value;
    const child = spawn(process.execPath, [script, launch.engineAddress], {
      cwd: project.pwd,
      env: {
        ...launch.env,
        ...runtimeOptions,
        PULUMI_NODEJS_PROJECT: project.name,
        PULUMI_PROJECT: project.name,
        PULUMI_CONFIG: JSON.stringify(nodejsConfig),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const port = await readPort(child, launch.log);
      const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
      });
      // Handshake is UNIMPLEMENTED in the nodejs dynamic provider, so the engine falls back to these two calls.
      await unary<unknown>(client, client.getPluginInfo, new emptyProto.Empty());
      const request = new providerProto.ConfigureRequest();
      request.setArgs(
        toStruct(mapToWire(configToProperties(config), { keepSecrets: true, keepUnknowns: true, keepResources: true })),
      );
      for (const [key, { value }] of config) request.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
      request.setAcceptsecrets(true);
      request.setAcceptresources(true);
      request.setSendsOldInputs(true);
      request.setSendsOldInputsToDelete(true);
      request.setType(NODEJS_PROVIDER_TYPE);
      request.setUrn(providerUrn);
      request.setName(nameOfUrn(providerUrn));
      request.setId(providerId);
      const response = await unary<providerProto.ConfigureResponse>(client, client.configure, request);
      return new ProviderPlugin(child, client, {
        acceptSecrets: response.getAcceptsecrets(),
        acceptResources: response.getAcceptresources(),
        supportsPreview: response.getSupportspreview(),
      });
    } catch (err) {
      child.kill();
      throw err;
    }
  }

  private call<Res>(method: UnaryMethod<Res>, req: unknown): Promise<Res> {
    return unary(this.client, method, req);
  }

  private marshal(map: PropertyMap, keepUnknowns: boolean) {
    return toStruct(
      mapToWire(map, {
        keepUnknowns,
        keepSecrets: this.protocol.acceptSecrets,
        keepResources: this.protocol.acceptResources,
      }),
    );
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap, allowUnknowns: boolean) {
    const request = new providerProto.CheckRequest();
    withTarget(request, urn);
    request.setOlds(this.marshal(olds, allowUnknowns));
    request.setNews(this.marshal(news, allowUnknowns));
    const response = await this.rpc(() => this.call<providerProto.CheckResponse>(this.client.check, request));
    const wire = response.getInputs()?.toJavaScript();
    const inputs = mapFromWire(wire, { keepUnknowns: allowUnknowns, label: `Check(${urn}).inputs` });
    if (!this.protocol.acceptSecrets) annotateSecrets(inputs, news);
    const failures: CheckFailure[] = response
      .getFailuresList()
      .map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs, failures };
  }

  async diff(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    allowUnknowns: boolean,
    ignoreChanges: string[],
  ): Promise<ProviderDiff> {
    const request = new providerProto.DiffRequest();
    withTarget(request, urn);
    request.setId(id);
    request.setOldInputs(this.marshal(oldInputs, allowUnknowns));
    request.setOlds(this.marshal(oldOutputs, allowUnknowns));
    request.setNews(this.marshal(newInputs, allowUnknowns));
    request.setIgnorechangesList(ignoreChanges);
    const response = await this.rpc(() => this.call<providerProto.DiffResponse>(this.client.diff, request));
    const kinds = providerProto.DiffResponse.DiffChanges;
    const changes = response.getChanges();
    return {
      changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaceKeys: response.getReplacesList(),
      changedKeys: response.getDiffsList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  /** In a preview a provider without preview support is not called: its inputs stand in for the outputs. */
  async create(urn: string, inputs: PropertyMap, preview: boolean): Promise<{ id: string; outputs: PropertyMap }> {
    if (preview && !this.protocol.supportsPreview) return { id: "", outputs: inputs };
    const request = new providerProto.CreateRequest();
    withTarget(request, urn);
    request.setProperties(this.marshal(inputs, preview));
    request.setPreview(preview);
    const response = await this.rpc(() => this.call<providerProto.CreateResponse>(this.client.create, request), inputs);
    const outputs = mapFromWire(response.getProperties()?.toJavaScript(), {
      keepUnknowns: preview,
      label: `Create(${urn}).outputs`,
    });
    if (!this.protocol.acceptSecrets) annotateSecrets(outputs, inputs);
    if (response.getId() === "" && !preview) throw new Error(`plugin returned empty resource.ID from create '${urn}'`);
    return { id: response.getId(), outputs };
  }

  /** Without `state` this is an import: the engine then sends no properties at all. */
  async read(urn: string, id: string, inputs: PropertyMap | undefined, state: PropertyMap | undefined) {
    const request = new providerProto.ReadRequest();
    withTarget(request, urn);
    request.setId(id);
    if (inputs !== undefined) request.setInputs(this.marshal(inputs, false));
    if (state !== undefined) request.setProperties(this.marshal(state, false));
    const response = await this.rpc(() => this.call<providerProto.ReadResponse>(this.client.read, request), inputs ?? {});
    const label = `Read(${urn})`;
    const outputs = mapFromWire(response.getProperties()?.toJavaScript(), { keepUnknowns: false, label });
    const liveInputs = response.getInputs()?.toJavaScript();
    const newInputs =
      liveInputs === undefined ? undefined : mapFromWire(liveInputs, { keepUnknowns: false, label: `${label}.inputs` });
    if (!this.protocol.acceptSecrets) {
      if (newInputs && inputs) annotateSecrets(newInputs, inputs);
      if (state) annotateSecrets(outputs, state);
    }
    return { id: response.getId(), outputs, inputs: newInputs };
  }

  async update(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    preview: boolean,
    ignoreChanges: string[],
  ): Promise<PropertyMap> {
    if (preview && !this.protocol.supportsPreview) return newInputs;
    const request = new providerProto.UpdateRequest();
    withTarget(request, urn);
    request.setId(id);
    request.setOldInputs(this.marshal(oldInputs, false));
    request.setOlds(this.marshal(oldOutputs, false));
    request.setNews(this.marshal(newInputs, preview));
    request.setIgnorechangesList(ignoreChanges);
    request.setPreview(preview);
    const response = await this.rpc(() => this.call<providerProto.UpdateResponse>(this.client.update, request), newInputs);
    const outputs = mapFromWire(response.getProperties()?.toJavaScript(), {
      keepUnknowns: preview,
      label: `Update(${urn}).outputs`,
    });
    if (!this.protocol.acceptSecrets) annotateSecrets(outputs, newInputs);
    return outputs;
  }

  async delete(urn: string, id: string, inputs: PropertyMap, outputs: PropertyMap): Promise<void> {
    const request = new providerProto.DeleteRequest();
    withTarget(request, urn);
    request.setId(id);
    request.setOldInputs(this.marshal(inputs, false));
    request.setProperties(this.marshal(outputs, false));
    await this.rpc(() => this.call<unknown>(this.client.delete, request));
  }

  /**
   * Runs one RPC and turns its failure into what the engine reports: the status message as text, or a
   * ResourceInitError when the status details carry a partially created resource (parseError).
   */
  private async rpc<T>(run: () => Promise<T>, inputsForSecrets: PropertyMap = {}): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const init = initFailure(err);
      if (init) {
        const outputs = mapFromWire(init.getProperties()?.toJavaScript(), { keepUnknowns: false, label: "init" });
        if (!this.protocol.acceptSecrets) annotateSecrets(outputs, inputsForSecrets);
        throw new ResourceInitError(init.getReasonsList(), init.getId(), outputs);
      }
      throw new Error(grpcErrorMessage(err));
    }
  }

  /** Ends the plugin (the engine kills plugins when the deployment closes) and waits for its logs to drain. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) this.child.kill();
    await this.exited;
  }
}

// The generated client methods are overloaded; callers name the response type and the request is checked by gRPC.
type UnaryMethod<Res> = (req: never, cb: (err: import("@grpc/grpc-js").ServiceError | null, res: Res) => void) => unknown;

function unary<Res>(client: object, method: UnaryMethod<Res>, req: unknown): Promise<Res> {
  return new Promise<Res>((resolve, reject) =>
    (method as (req: unknown, cb: (err: Error | null, res: Res) => void) => unknown).call(client, req, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

function withTarget(
  request: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown },
  urn: string,
) {
  request.setUrn(urn);
  request.setName(nameOfUrn(urn));
  request.setType(typeOfUrn(urn));
}

function initFailure(err: unknown): providerProto.ErrorResourceInitFailed | undefined {
  const metadata = (err as { metadata?: import("@grpc/grpc-js").Metadata }).metadata;
  const raw = metadata?.get("grpc-status-details-bin")[0];
  if (!raw || typeof raw === "string") return undefined;
  const status = statusProto.Status.deserializeBinary(new Uint8Array(raw));
  for (const detail of status.getDetailsList()) {
    if (detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) {
      return providerProto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    }
  }
  return undefined;
}

/** The plugin prints its port as its first stdout line; everything after that is log output. */
function readPort(child: ChildProcess, log: (entry: LogEntry) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let port: number | undefined;
    const early: string[] = [];
    const forward = (line: string) => {
      if (line.trim() !== "") log({ source: "provider", severity: "info", message: line });
    };
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (port !== undefined) return forward(line);
      const parsed = Number(line.trim());
      if (!Number.isInteger(parsed) || parsed <= 0) {
        reject(new Error(`dynamic provider plugin wrote an invalid port to stdout: '${line}'`));
        child.kill();
        return;
      }
      port = parsed;
      resolve(parsed);
    });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      if (port === undefined) early.push(line);
      forward(line);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (port === undefined) {
        reject(new Error(`dynamic provider plugin exited with code ${code} before reporting its port:\n${early.join("\n")}`));
      }
    });
  });
}
