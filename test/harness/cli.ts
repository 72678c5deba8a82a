// The test engine's command line, shaped like the Pulumi CLI so a scenario reads the same with either:
//   npm run --silent harness -- <preview|up|refresh|destroy> --cwd DIR --stack NAME --state FILE
//        [--config key=value]... [--secret key=value]... [--parallel N] [--refresh] [--preview-only]
//        [--expect-no-changes] [--json | --json-cli] [--yes]
// Exit codes: 0 success; 1 the operation (or the command line) failed; 7 --expect-no-changes and changes pending.
import { Stack } from "./index";
import type { OperationResult, StackOptions } from "./types";

const OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

const USAGE = `usage: npm run --silent harness -- <preview|up|refresh|destroy> --cwd DIR --stack NAME --state FILE
    [--config key=value]... [--secret key=value]... [--parallel N]
    [--refresh] (preview, up)  [--preview-only] (refresh)  [--expect-no-changes] [--yes]
    [--json] (the test engine's result)  [--json-cli] (preview: what \`pulumi preview --json\` prints)`;

const EXIT_FAILED = 1;
/** What `pulumi` exits with when `--expect-no-changes` finds changes, since pulumi/pulumi#22176 (255 before). */
const EXIT_CHANGES_PENDING = 7;

interface Command {
  operation: Operation;
  options: StackOptions;
  refresh: boolean;
  previewOnly: boolean;
  expectNoChanges: boolean;
  json: boolean;
  jsonCli: boolean;
}

class UsageError extends Error {}

function parseCommand(argv: string[]): Command {
  const [operation, ...rest] = argv;
  if (!OPERATIONS.includes(operation as Operation)) {
    throw new UsageError(`unknown operation '${operation ?? ""}': expected one of ${OPERATIONS.join(", ")}`);
  }
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const flags = new Set<string>();
  let cwd: string | undefined;
  let stack: string | undefined;
  let stateFile: string | undefined;
  let parallel: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const pair = (target: Record<string, string>) => {
      const text = value();
      const eq = text.indexOf("=");
      if (eq <= 0) throw new UsageError(`${arg} '${text}' is not key=value (e.g. ${arg} didomi:baseUrl=http://localhost:8080)`);
      target[text.slice(0, eq)] = text.slice(eq + 1);
    };
    switch (arg) {
      case "--cwd":
        cwd = value();
        break;
      case "--stack":
      case "-s":
        stack = value();
        break;
      case "--state":
        stateFile = value();
        break;
      case "--config":
      case "-c":
        pair(config);
        break;
      case "--secret":
        pair(secrets);
        break;
      case "--parallel":
      case "-p": {
        const text = value();
        parallel = Number(text);
        if (!Number.isInteger(parallel) || parallel < 1) {
          throw new UsageError(`--parallel '${text}' is not a positive integer (e.g. --parallel 4)`);
        }
        break;
      }
      case "--refresh":
      case "--preview-only":
      case "--expect-no-changes":
      case "--json":
      case "--json-cli":
      case "--yes":
      case "-y":
        flags.add(arg);
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  if (!cwd || !stack || !stateFile) throw new UsageError("--cwd, --stack and --state are required");
  if (flags.has("--refresh") && operation !== "preview" && operation !== "up") {
    throw new UsageError("--refresh applies to preview and up only");
  }
  if (flags.has("--preview-only") && operation !== "refresh") throw new UsageError("--preview-only applies to refresh only");
  if (flags.has("--json-cli") && operation !== "preview") throw new UsageError("--json-cli applies to preview only");
  if (flags.has("--json-cli") && flags.has("--json")) throw new UsageError("give --json or --json-cli, not both");
  return {
    operation: operation as Operation,
    options: { cwd, stack, stateFile, config, secrets, ...(parallel !== undefined && { parallel }) },
    refresh: flags.has("--refresh"),
    previewOnly: flags.has("--preview-only"),
    expectNoChanges: flags.has("--expect-no-changes"),
    json: flags.has("--json"),
    jsonCli: flags.has("--json-cli"),
  };
}

function run(stack: Stack, command: Command): Promise<OperationResult> {
  switch (command.operation) {
    case "preview":
      return stack.preview({ refresh: command.refresh });
    case "up":
      return stack.up({ refresh: command.refresh });
    case "refresh":
      return stack.refresh({ previewOnly: command.previewOnly });
    case "destroy":
      return stack.destroy();
  }
}

/** What is pending, in the CLI's words ("1 to update, 2 to delete"). */
function pendingChanges(result: OperationResult): string {
  const pending = new Map<string, number>();
  for (const step of result.steps) {
    if (step.op === "same" || step.op === "read") continue;
    const what = step.op === "refresh" ? (step.refreshResult === "unchanged" ? undefined : `drift (${step.refreshResult})`) : step.op;
    if (what) pending.set(what, (pending.get(what) ?? 0) + 1);
  }
  return [...pending].map(([what, n]) => `${n} ${what}`).join(", ");
}

/**
 * The result as `--json` prints it. Like the CLI without `--debug`, it leaves out debug records: the SDK's own
 * debug lines quote every RegisterResource response verbatim, secret outputs included.
 */
function printable({ digest: _cliForm, ...result }: OperationResult): OperationResult {
  return { ...result, logs: result.logs.filter((entry) => entry.severity !== "debug") };
}

/** What `--json` or `--json-cli` prints, or the CLI's text summary. */
function output(result: OperationResult, command: Command): string {
  if (command.jsonCli) return `${JSON.stringify(result.digest, null, 4)}\n`;
  return command.json ? `${JSON.stringify(printable(result), null, 2)}\n` : result.summary;
}

export async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
    return EXIT_FAILED;
  }
  const result = await run(new Stack(command.options), command);
  process.stdout.write(output(result, command));
  if (!result.ok) {
    process.stderr.write(`error: ${result.kind} failed\n${result.error ?? ""}\n`);
    return EXIT_FAILED;
  }
  if (command.expectNoChanges && result.changes) {
    process.stderr.write(
      "error: no changes were expected but changes were proposed\n" +
        `  the ${result.kind} succeeded: this is drift (or a changed program), not an error; pending: ${pendingChanges(result)}\n`,
    );
    return EXIT_CHANGES_PENDING;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
