// Shared setup of the test engine's self-tests: the fixture service, stacks of the fixture program whose
// resources come from config, and readers for the state file.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Spec } from "../fixtures/harness/program";
import { ItemService } from "../fixtures/harness/service";
import { afterAll, beforeAll } from "vitest";
import { Stack, stateResources, type DeploymentState, type StackOptions, type StateResource } from "../harness";

export type { Spec };
export { ItemService };

export const PROGRAM = resolve(__dirname, "../fixtures/harness/program");
const REPOSITORY_NODE_MODULES = resolve(__dirname, "../../node_modules");

/** The fixture provider sends it as a bearer token; it is a secret config value, so never in plain text in state. */
export const API_TOKEN = "api-token-3f9c";
/** The secret config value behind `secretNote: true`. */
export const SECRET_NOTE = "secret-note-81ad";

/** The engine's secret signature and preview sentinel, as they appear on the wire and in the state file. */
export const SECRET_SIGNATURE = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The fixture service for a test file: started before its tests, closed after them with the temporary
 * directories. Read `.service` inside tests and hooks.
 */
export function useItemService(): { readonly service: ItemService } {
  let service: ItemService | undefined;
  beforeAll(async () => {
    service = await ItemService.start();
  });
  afterAll(async () => {
    await service?.close();
    removeTempDirs();
  });
  return {
    get service() {
      if (!service) throw new Error("the fixture service is started in beforeAll: read it inside a test or hook");
      return service;
    },
  };
}

const tempDirs: string[] = [];

/** A fresh directory under the system's temporary directory, removed by removeTempDirs. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `harness-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the fixture program outside the repository, as a user's project would be: its own directory with a
 * node_modules (a link to the repository's, where @pulumi/pulumi is installed).
 */
export function copyProgram(into: string): string {
  cpSync(PROGRAM, into, { recursive: true });
  symlinkSync(REPOSITORY_NODE_MODULES, join(into, "node_modules"), "dir");
  return into;
}

/** One stack of the fixture program; each operation declares the resources it is given. */
export class FixtureStack {
  readonly stateFile: string;

  constructor(
    readonly service: ItemService,
    private readonly options: Partial<Pick<StackOptions, "cwd" | "parallel" | "stateFile" | "env">> = {},
  ) {
    this.stateFile = options.stateFile ?? join(tempDir("state"), "state.json");
  }

  /** The stack declaring these resources; `config` adds config values, `cwd` runs a copy of the program. */
  with(resources: Spec[], where: { cwd?: string; config?: Record<string, string> } = {}): Stack {
    return new Stack({
      cwd: where.cwd ?? this.options.cwd ?? PROGRAM,
      stack: "dev",
      stateFile: this.stateFile,
      config: { serviceUrl: this.service.url, resources: JSON.stringify(resources), ...where.config },
      secrets: { apiToken: API_TOKEN, secretNote: SECRET_NOTE },
      ...(this.options.parallel !== undefined && { parallel: this.options.parallel }),
      ...(this.options.env !== undefined && { env: this.options.env }),
    });
  }

  stateText(): string {
    return readFileSync(this.stateFile, "utf8");
  }

  state(): DeploymentState {
    return JSON.parse(this.stateText()) as DeploymentState;
  }
}

/** The state's resource with this name (the last URN segment). */
export function resourceNamed(state: DeploymentState, name: string): StateResource {
  const found = stateResources(state).filter((r) => r.urn.endsWith(`::${name}`));
  if (found.length !== 1) throw new Error(`expected one resource named ${name} in the state, found ${found.length}`);
  return found[0]!;
}

export function namesInState(state: DeploymentState): string[] {
  return stateResources(state).map((r) => r.urn.split("::").pop()!);
}
