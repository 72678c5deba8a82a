// Provider instances of a deployment (pkg/resource/deploy/providers/registry.go). Resources name their provider by
// reference "<provider urn>::<provider id>". The default pulumi-nodejs provider registered by this deployment uses
// the current stack config; a provider known only from the old state (refresh, destroy, deletes of resources the
// program dropped) is configured with the config recorded in that state, exactly as Deployment.EnsureProvider does.
// One plugin process serves every reference with the same config, so all dynamic resources share its module scope.
import type { ConfigValue, StackConfig } from "./project";
import { PluginLaunch, ProviderPlugin } from "./plugin";
import { PropertyMap, Secret } from "./properties";
import { ResourceState } from "./state";

export class ProviderRegistry {
  private readonly configs = new Map<string, StackConfig>();
  private readonly plugins = new Map<string, Promise<ProviderPlugin>>();

  constructor(
    private readonly launch: PluginLaunch,
    private readonly oldResources: ResourceState[],
  ) {}

  register(reference: string, config: StackConfig): void {
    this.configs.set(reference, config);
  }

  forReference(reference: string): Promise<ProviderPlugin> {
    return this.start(reference, this.configs.get(reference) ?? this.configFromState(reference));
  }

  /** The plugin for this config, started on first request. */
  start(reference: string, config: StackConfig): Promise<ProviderPlugin> {
    const key = JSON.stringify([...config].sort(([a], [b]) => a.localeCompare(b)));
    let plugin = this.plugins.get(key);
    if (!plugin) {
      const separator = reference.lastIndexOf("::");
      plugin = ProviderPlugin.start(this.launch, reference.slice(0, separator), reference.slice(separator + 2), config);
      this.plugins.set(key, plugin);
    }
    return plugin;
  }

  private configFromState(reference: string): StackConfig {
    const provider = this.oldResources.find((r) => `${r.urn}::${r.id}` === reference);
    if (!provider) throw new Error(`could not find provider ${reference} in the state`);
    return configFromProperties(provider.inputs);
  }

  /** Stops every plugin; plugins that failed to start have already reported why. */
  async closeAll(): Promise<void> {
    const started = await Promise.allSettled(this.plugins.values());
    await Promise.all(started.map((p) => (p.status === "fulfilled" ? p.value.close() : undefined)));
  }
}

function configFromProperties(inputs: PropertyMap): StackConfig {
  const config: StackConfig = new Map();
  for (const [key, raw] of Object.entries(inputs)) {
    if (key === "version") continue;
    const secret = raw instanceof Secret;
    const value = secret ? raw.element : raw;
    const entry: ConfigValue = { value: typeof value === "string" ? value : JSON.stringify(value), secret };
    config.set(key, entry);
  }
  return config;
}
