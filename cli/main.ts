// The pulumi-didomi command: `export` (docs/export.md), and `emulator`, the didomi-emulator command under
// this name (docs/emulator.md), and `drift-report` (docs/drift-report.md). Exit codes of export: 0 done; 1 the
// export failed (nothing written); 2 bad command line.
import { runDriftReport } from "./drift-report";
import { runExport, type ExportOptions } from "./export";

const USAGE = `usage: pulumi-didomi export --out DIR [--stack NAME] [--force]
                     [--organization-id ID] [--api-key KEY] [--base-url URL] [--api-secret SECRET]
       pulumi-didomi emulator [--port N] [--host H] [--data FILE] [--seed FILE] [--settings FILE]
       pulumi-didomi drift-report [FILE]

Writes a Pulumi TypeScript project whose first \`pulumi up\` adopts every object of a live Didomi
organization (domains, API keys, secrets, consent notices) without creating, publishing or deleting anything.

  --out DIR             where to write the project (must be empty or new, unless --force)
  --stack NAME          the stack whose Pulumi.<NAME>.yaml is written (default: dev)
  --force               replace the contents of a non-empty --out
  --organization-id ID  else DIDOMI_ORGANIZATION_ID
  --api-key KEY         else DIDOMI_API_KEY
  --base-url URL        else DIDOMI_BASE_URL, else https://api.didomi.io/v1
  --api-secret SECRET   else DIDOMI_API_SECRET. Prefer the environment variable: command-line
                        arguments are visible to other users of the machine (ps).

Progress and the summary go to stderr. Nothing is written unless the whole export succeeds.
\`pulumi-didomi emulator\` runs the local Didomi API emulator, exactly as \`didomi-emulator\` does.
\`pulumi-didomi drift-report\` turns \`pulumi preview --refresh --json\` into Markdown (see its --help).`;

class UsageError extends Error {}

const VALUE_FLAGS: Record<string, keyof ExportOptions> = {
  "--out": "out",
  "--stack": "stack",
  "--organization-id": "organizationId",
  "--api-key": "apiKey",
  "--api-secret": "apiSecret",
  "--base-url": "baseUrl",
};

function parseExportArguments(args: string[]): ExportOptions {
  const options: Partial<ExportOptions> = { stack: "dev", force: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === "--force") {
      options.force = true;
      continue;
    }
    const field = VALUE_FLAGS[flag];
    // only the flag's name: an argument may be a secret (`--api-secret=…`, or a secret without its flag)
    if (!field) throw new UsageError(flag.startsWith("--") ? `unknown option ${flag.split("=")[0]}` : "unexpected argument (not shown: it may be a secret)");
    const value = args[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    (options as Record<string, unknown>)[field] = value;
  }
  if (!options.out) throw new UsageError("--out DIR is required");
  if (!/^[A-Za-z0-9_.-]+$/.test(options.stack!)) {
    throw new UsageError(`--stack ${JSON.stringify(options.stack)} is not a stack name; use letters, digits, "-", "_" or "."`);
  }
  return options as ExportOptions;
}

/** The exit code, or undefined for a command that keeps running (the emulator exits on its own). */
async function main(args: string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  if (command === "emulator") {
    // the emulator's command line reads process.argv: hand it its own options
    process.argv.splice(2, 1);
    require("../emulator/cli");
    return undefined;
  }
  if (command === "drift-report") return runDriftReport(rest);
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === "--help" || command === "-h" || rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "export") {
    process.stderr.write(`pulumi-didomi: unknown command ${command}\n${USAGE}\n`);
    return 2;
  }
  let options: ExportOptions;
  try {
    options = parseExportArguments(rest);
  } catch (error) {
    process.stderr.write(`pulumi-didomi export: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    await runExport(options, (line) => process.stderr.write(`pulumi-didomi export: ${line}\n`));
    return 0;
  } catch (error) {
    process.stderr.write(`pulumi-didomi export: ${(error as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exit(code);
});
