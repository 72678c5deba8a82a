// pulumi-didomi/emulator: a local Didomi API server (docs/emulator.md).
import { EmulatorServer } from "./server";
import { resolveSettings, type EmulatorSettings } from "./settings";
import { DEFAULT_SEED, Store, validateSeed, type SeedFile } from "./store";

export { defaultSettings, type EmulatorSettings } from "./settings";
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
  /** Highest precedence at start: defaults < settingsFile < DIDOMI_EMULATOR_* environment < settings. */
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
  const settings = resolveSettings({ settingsFile: options.settingsFile, env: process.env, settings: options.settings });
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
