// `pulumi-didomi drift-report [FILE]`: turns the JSON of `pulumi preview --refresh --json` into a Markdown
// table of what differs between Git and Didomi, field by field. How it is used: docs/drift-report.md.
import { readFileSync } from "node:fs";
import { BadInputError, parsePreviewDigest } from "./digest";
import { findDrift } from "./drift";
import { renderMarkdown } from "./render";

export const DRIFT_REPORT_USAGE = `usage: pulumi-didomi drift-report [FILE]

Reads the JSON of \`pulumi preview --refresh --json\` from FILE, or from stdin without FILE, and writes a
Markdown report for a pull-request comment or $GITHUB_STEP_SUMMARY: one row per field that differs, with
Git's value and Didomi's value (secrets as [secret]).

  pulumi preview --refresh --json | npx pulumi-didomi drift-report >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 Didomi matches Git; 7 drift found (as \`pulumi preview --expect-no-changes\`);
1 the input is not a preview document, or the preview failed; 2 bad command line.`;

/** What `pulumi preview --expect-no-changes` exits with when there are changes. */
const EXIT_DRIFT = 7;
const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;

export function runDriftReport(args: string[]): number {
  const fail = (code: number, message: string) => {
    process.stderr.write(`pulumi-didomi drift-report: ${message}\n`);
    return code;
  };
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${DRIFT_REPORT_USAGE}\n`);
    return 0;
  }
  const unknownOption = args.find((arg) => arg.startsWith("-") && arg !== "-");
  if (unknownOption) return fail(EXIT_USAGE, `unknown option ${unknownOption}\n${DRIFT_REPORT_USAGE}`);
  if (args.length > 1) return fail(EXIT_USAGE, `one FILE at most, got ${args.length}\n${DRIFT_REPORT_USAGE}`);

  const file = args[0] === undefined || args[0] === "-" ? undefined : args[0];
  if (file === undefined && process.stdin.isTTY) {
    return fail(EXIT_USAGE, `nothing on stdin: give a FILE or pipe the preview's JSON in\n${DRIFT_REPORT_USAGE}`);
  }
  let text: string;
  try {
    text = readFileSync(file ?? 0, "utf8");
  } catch (error) {
    return fail(EXIT_BAD_INPUT, `cannot read ${file ?? "stdin"}: ${(error as Error).message}`);
  }
  try {
    const drift = findDrift(parsePreviewDigest(text, file ?? "stdin"));
    process.stdout.write(renderMarkdown(drift));
    if (drift.errors.length > 0) return fail(EXIT_BAD_INPUT, "the preview failed; its errors are in the report");
    return drift.rows.length > 0 ? EXIT_DRIFT : 0;
  } catch (error) {
    if (error instanceof BadInputError) return fail(EXIT_BAD_INPUT, error.message);
    throw error;
  }
}
