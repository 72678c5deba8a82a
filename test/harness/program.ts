// Running the Pulumi program the way pulumi-language-nodejs does (sdk/nodejs/cmd/pulumi-language-nodejs/main.go
// constructArguments / execRuntime): `node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor … <entry point>` in the
// program directory, with the config in PULUMI_CONFIG and TypeScript through ts-node unless the project turns the
// `typescript` runtime option off. Like the real language host it leaves type checking to ts-node's default
// (on), which a project turns off with `"noCheck": true` in tsconfig.json or PULUMI_NODEJS_TRANSPILE_ONLY=true.
import { ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { programConfigEnv, Project, StackConfig } from "./project";
import type { LogEntry } from "./types";

export interface ProgramRun {
  project: Project;
  stack: string;
  monitorAddress: string;
  dryRun: boolean;
  parallel: number;
  config: StackConfig;
  env: NodeJS.ProcessEnv;
  log: (entry: LogEntry) => void;
}

/** The diy backend's organization name, which the CLI passes to programs. */
const ORGANIZATION = "organization";

/** nodeJSProcessExitedAfterLoggingUserActionableMessage: the program already logged why it failed. */
export const EXIT_ALREADY_REPORTED = 32;

export class RunningProgram {
  readonly exited: Promise<number>;

  private constructor(private readonly child: ChildProcess) {
    // "close" comes after the output streams end, so every line the program printed has been logged by then.
    this.exited = new Promise((resolve) => child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  }

  static start(run: ProgramRun): RunningProgram {
    const { project } = run;
    let runScript: string;
    try {
      runScript = require.resolve("@pulumi/pulumi/cmd/run", { paths: [project.pwd] });
    } catch {
      throw new Error(
        `It looks like the Pulumi SDK has not been installed in ${project.pwd}. Have you run npm install or yarn install?`,
      );
    }
    const options = project.runtimeOptions;
    const args = [
      ...splitArgs(typeof options["nodeargs"] === "string" ? options["nodeargs"] : ""),
      runScript,
      "--monitor",
      run.monitorAddress,
      "--engine",
      run.monitorAddress,
      "--organization",
      ORGANIZATION,
      "--project",
      project.name,
      "--root-directory",
      project.root,
      "--stack",
      run.stack,
      "--pwd",
      project.pwd,
      ...(run.dryRun ? ["--dry-run"] : []),
      "--parallel",
      String(run.parallel),
      project.entryPoint,
    ];
    const typescript = options["typescript"] !== false;
    const child = spawn(process.execPath, args, {
      cwd: project.pwd,
      env: {
        ...run.env,
        ...programConfigEnv(run.config),
        ...(typescript && { PULUMI_NODEJS_TYPESCRIPT: "true" }),
        ...(typeof options["tsconfig"] === "string" && { PULUMI_NODEJS_TSCONFIG_PATH: options["tsconfig"] }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The language host forwards the program's own stdout and stderr as plain output.
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        if (line.trim() !== "") run.log({ source: "program", severity: "info", message: line });
      });
    }
    return new RunningProgram(child);
  }

  /** Stops a program whose deployment was cancelled (the engine cancels the language host). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

function splitArgs(text: string): string[] {
  return text.split(/\s+/).filter((a) => a !== "");
}
