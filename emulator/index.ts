// pulumi-didomi/emulator: a local Didomi API server (docs/emulator.md).
import { EmulatorServer } from "./server";
import { realisticTiming, resolveSettings, type EmulatorSettings } from "./settings";
import { DEFAULT_SEED, Store, validateSeed, type SeedFile } from "./store";

export { defaultSettings, realisticTiming, type EmulatorSettings } from "./settings";
export type { SeedFile } from "./store";

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Persist state to this JSON file (atomic writes); absent: memory only. */
  dataFile?: string;
  /** Default: organization "demo" with key "demo-key" / secret "demo-secret". */
  seed?: SeedFile;
  /**
   * "instant" (default): deployments and domain changes are due at once, as tests want. "realistic" (the CLI's
   * default): they take seconds (`realisticTiming`). Either is only a starting point for the settings below.
   */
  timing?: "instant" | "realistic";
  /** Highest precedence at start: defaults < timing < settingsFile < DIDOMI_EMULATOR_* environment < settings. */
  settings?: Partial<EmulatorSettings>;
  settingsFile?: string;
}

export interface RunningEmulator {
  /** The API base URL a client uses, e.g. "http://127.0.0.1:PORT/v1". */
  url: string;
  /** "http://127.0.0.1:PORT/__emulator" */
  controlUrl: string;
  port: number;
  /** Stops the server and waits until every change is written to `dataFile`. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = resolveSettings({
    base: options.timing === "realistic" ? realisticTiming : {},
    settingsFile: options.settingsFile,
    env: process.env,
    settings: options.settings,
  });
  const seed = options.seed ?? DEFAULT_SEED;
  const seedErrors = validateSeed(seed);
  if (Object.keys(seedErrors).length > 0) {
    throw new Error(
      "Invalid emulator seed: " + Object.entries(seedErrors).map(([path, problem]) => `${path} ${problem}`).join("; "),
    );
  }
  const store = Store.open(options.dataFile, seed);
  const emulator = new EmulatorServer(store, settings, { settings, seed });
  const host = options.host ?? "127.0.0.1";
  const port = await emulator.listen(options.port ?? 0, host);
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { url: `${origin}/v1`, controlUrl: `${origin}/__emulator`, port, close: () => emulator.close() };
}
