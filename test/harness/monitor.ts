// The engine side of the program protocol: the ResourceMonitor and Engine gRPC services the SDK talks to
// (pkg/resource/deploy/source_eval.go resmon, pkg/host/host_server.go).
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { baseGoal, Deployment, DeploymentCancelled, errorMessage, type Goal } from "./engine";
import { Journal } from "./journal";
import { containsUnknowns, mapFromWire, mapToWire, PropertyMap } from "./properties";
import { emptyProto, engineGrpc, engineProto, grpc, resourceGrpc, resourceProto, startServer, toStruct } from "./rpc";
import type { LogEntry } from "./types";

/**
 * What the monitor answers to SupportsFeature. Features it does not implement are refused, so that the SDK itself
 * fails with a clear "the Pulumi CLI does not support ..." message when a program uses them.
 */
const SUPPORTED_FEATURES = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs"]);

const SEVERITIES: Record<number, LogEntry["severity"]> = {
  [engineProto.LogSeverity.DEBUG]: "debug",
  [engineProto.LogSeverity.INFO]: "info",
  [engineProto.LogSeverity.WARNING]: "warning",
  [engineProto.LogSeverity.ERROR]: "error",
};

export class Monitor {
  /** The deployment registrations go to; none while only the Engine service is needed (refresh, destroy). */
  deployment?: Deployment;
  /** The stack resource's URN (Engine.SetRootResource / GetRootResource). */
  root = "";
  private readonly goals = new Map<string, Goal>();

  private constructor(
    readonly address: string,
    private readonly server: import("@grpc/grpc-js").Server,
  ) {}

  static async start(journal: Journal): Promise<Monitor> {
    let monitor: Monitor | undefined;
    const self = () => monitor!;
    const { server, address } = await startServer((s) => {
      s.addService(resourceGrpc.ResourceMonitorService, resourceMonitorService(self));
      s.addService(engineGrpc.EngineService, engineService(self, journal));
    });
    monitor = new Monitor(address, server);
    return monitor;
  }

  /** Called once the program and the plugins are gone: nothing is left to answer. */
  close(): void {
    this.server.forceShutdown();
  }

  async registerResource(req: resourceProto.RegisterResourceRequest): Promise<resourceProto.RegisterResourceResponse> {
    const deployment = this.activeDeployment();
    const goal = this.goalFromRequest(req);
    const result = await deployment.registerResource(goal);
    this.goals.set(result.state.urn, goal);
    const response = new resourceProto.RegisterResourceResponse();
    response.setUrn(result.state.urn);
    response.setId(result.state.id);
    // Components answer no outputs: they publish them with RegisterResourceOutputs.
    const outputs = req.getCustom() ? result.state.outputs : {};
    response.setObject(this.marshalForProgram(outputs, req));
    response.setResult(result.status === "success" ? resourceProto.Result.SUCCESS : resourceProto.Result.FAIL);
    return response;
  }

  async readResource(req: resourceProto.ReadResourceRequest): Promise<resourceProto.ReadResourceResponse> {
    const deployment = this.activeDeployment();
    assertDynamic(req.getType());
    const goal = baseGoal(req.getType(), req.getName(), true, req.getParent(), propertiesOf(req.getProperties()));
    goal.dependencies = req.getDependenciesList();
    goal.additionalSecretOutputs = req.getAdditionalsecretoutputsList();
    const state = await deployment.readResource(goal, req.getId());
    const response = new resourceProto.ReadResourceResponse();
    response.setUrn(state.urn);
    response.setProperties(
      toStruct(mapToWire(state.outputs, { keepUnknowns: true, keepSecrets: req.getAcceptsecrets(), keepResources: req.getAcceptresources() })),
    );
    return response;
  }

  registerOutputs(req: resourceProto.RegisterResourceOutputsRequest): void {
    this.activeDeployment().registerOutputs(req.getUrn(), propertiesOf(req.getOutputs()));
  }

  private activeDeployment(): Deployment {
    if (!this.deployment) throw new DeploymentCancelled();
    return this.deployment;
  }

  private goalFromRequest(req: resourceProto.RegisterResourceRequest): Goal {
    const label = `${req.getType()} '${req.getName()}'`;
    const unsupported = (what: string) =>
      new Error(`${label} uses ${what}, which the test engine does not support (see docs/testing.md)`);
    if (req.getRemote()) throw unsupported("a component provider (remote: true)");
    if (req.getCustom()) assertDynamic(req.getType());
    if (req.getAliasesList().length > 0 || req.getAliasurnsList().length > 0) throw unsupported("aliases");
    if (req.getCustom() && req.getProvider() !== "") throw unsupported("an explicit provider");
    if (req.hasReplacementTrigger() && req.getReplacementTrigger()?.toJavaScript() !== null) {
      throw unsupported("replacementTrigger");
    }
    const goal = baseGoal(req.getType(), req.getName(), req.getCustom(), req.getParent(), propertiesOf(req.getObject()));
    goal.dependencies = req.getDependenciesList();
    // Without per-property dependencies every property depends on every dependency (RegisterResource backfill).
    const given = new Map<string, string[]>();
    req.getPropertydependenciesMap().forEach((deps, key) => given.set(key, deps.getUrnsList()));
    for (const key of new Set([...Object.keys(goal.properties), ...given.keys()])) {
      goal.propertyDependencies[key] = given.get(key) ?? (given.size === 0 ? goal.dependencies : []);
    }
    if (req.hasProtect()) goal.protect = req.getProtect();
    if (req.hasRetainondelete()) goal.retainOnDelete = req.getRetainondelete();
    if (req.getDeletebeforereplacedefined() || req.getDeletebeforereplace()) {
      goal.deleteBeforeReplace = req.getDeletebeforereplace();
    }
    goal.ignoreChanges = req.getIgnorechangesList();
    goal.replaceOnChanges = req.getReplaceonchangesList();
    goal.additionalSecretOutputs = req.getAdditionalsecretoutputsList();
    goal.importId = req.getImportid();
    goal.deletedWith = req.getDeletedwith();
    // inheritFromParent: protect, retainOnDelete and deletedWith default to the parent's.
    const parent = this.goals.get(goal.parent);
    if (parent) {
      goal.protect ??= parent.protect;
      goal.retainOnDelete ??= parent.retainOnDelete;
      if (goal.deletedWith === "") goal.deletedWith = parent.deletedWith;
    }
    return goal;
  }

  private marshalForProgram(outputs: PropertyMap, req: resourceProto.RegisterResourceRequest) {
    let shown = outputs;
    if (!req.getSupportspartialvalues()) {
      shown = Object.fromEntries(Object.entries(outputs).filter(([, v]) => !containsUnknowns(v)));
    }
    return toStruct(
      mapToWire(shown, { keepUnknowns: true, keepSecrets: req.getAcceptsecrets(), keepResources: req.getAcceptresources() }),
    );
  }
}

/** Only the nodejs dynamic provider can run here: every other package's provider is a downloaded plugin. */
function assertDynamic(type: string): void {
  if (!type.startsWith("pulumi-nodejs:")) {
    const pkg = type.split(":")[0];
    throw new Error(
      `${type} needs the '${pkg}' provider plugin; the test engine runs dynamic providers (pulumi-nodejs) only`,
    );
  }
}


function propertiesOf(struct: { toJavaScript(): Record<string, unknown> } | undefined): PropertyMap {
  return mapFromWire(struct?.toJavaScript(), { keepUnknowns: true, label: "program properties" });
}

/** Adapts an async handler to gRPC: a cancelled deployment is UNAVAILABLE (the SDK then stops quietly). */
function unary<Req, Res>(handler: (req: Req) => Promise<Res> | Res): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) =>
          callback({
            code: err instanceof DeploymentCancelled ? grpc.status.UNAVAILABLE : grpc.status.UNKNOWN,
            details: errorMessage(err),
          }),
      );
  };
}

function unimplemented<Req, Res>(what: string): handleUnaryCall<Req, Res> {
  return (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not supported by the test engine` });
}

function resourceMonitorService(monitor: () => Monitor): resourceGrpc.IResourceMonitorServer {
  return {
    supportsFeature: unary((req) => {
      const response = new resourceProto.SupportsFeatureResponse();
      response.setHassupport(SUPPORTED_FEATURES.has(req.getId()));
      return response;
    }),
    registerResource: unary((req) => monitor().registerResource(req)),
    registerResourceOutputs: unary((req) => {
      monitor().registerOutputs(req);
      return new emptyProto.Empty();
    }),
    readResource: unary((req) => monitor().readResource(req)),
    invoke: unary((req) => {
      throw new Error(`invoking '${req.getTok()}' is not supported by the test engine`);
    }),
    // The program calls this once its event loop is empty; every registration has been answered by then.
    signalAndWaitForShutdown: unary(() => new emptyProto.Empty()),
    getDeploymentInfo: unimplemented("GetDeploymentInfo"),
    call: unimplemented("Call"),
    registerStackTransform: unimplemented("transforms"),
    registerStackInvokeTransform: unimplemented("invoke transforms"),
    registerResourceHook: unimplemented("resource hooks"),
    registerErrorHook: unimplemented("error hooks"),
    registerPackage: unimplemented("RegisterPackage (parameterized providers)"),
  };
}

function engineService(monitor: () => Monitor, journal: Journal): engineGrpc.IEngineServer {
  return {
    log: unary((req) => {
      // Ephemeral messages are transient status lines; the CLI does not keep them.
      journal.log({
        source: "program",
        severity: req.getEphemeral() ? "debug" : (SEVERITIES[req.getSeverity()] ?? "info"),
        message: req.getMessage().replace(/\n$/, ""),
        ...(req.getUrn() && { urn: req.getUrn() }),
      });
      return new emptyProto.Empty();
    }),
    getRootResource: unary(() => new engineProto.GetRootResourceResponse().setUrn(monitor().root)),
    setRootResource: unary((req) => {
      monitor().root = req.getUrn();
      return new engineProto.SetRootResourceResponse();
    }),
    requirePulumiVersion: unary(() => new engineProto.RequirePulumiVersionResponse()),
    startDebugging: unimplemented("StartDebugging"),
  };
}
