// The report as GitHub-flavoured Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY.
import type { Drift, DriftRow, Side } from "./drift";

/** Longer values are cut: a table cell is no place for a whole vendor list. */
const MAX_VALUE_LENGTH = 80;

export function renderMarkdown(drift: Drift): string {
  const where = drift.stack ? ` in stack \`${drift.stack}\`${drift.project ? ` of \`${drift.project}\`` : ""}` : "";
  const lines: string[] = [];
  if (drift.errors.length > 0) {
    lines.push(`### Didomi drift check failed${where}`, "", "The preview reported errors, so it cannot tell whether Didomi matches Git:", "");
    for (const error of drift.errors) {
      const fence = "`".repeat(Math.max(3, longestBacktickRun(error) + 1));
      lines.push(fence, error, fence);
    }
  } else if (drift.rows.length === 0) {
    const checked = drift.resourcesChecked === 1 ? "1 resource" : `${drift.resourcesChecked} resources`;
    lines.push(`### Didomi matches Git${where}`, "", `No drift: ${checked} read from Didomi, all as the program declares.`);
  } else {
    const resources = new Set(drift.rows.map((row) => `${row.type}::${row.name}`)).size;
    lines.push(`### Didomi drift${where}: ${resources === 1 ? "1 resource differs" : `${resources} resources differ`} from Git`);
  }
  if (drift.rows.length > 0) {
    lines.push("", "| Resource | Field | Git | Didomi | Next `pulumi up` |", "|---|---|---|---|---|");
    for (const row of drift.rows) lines.push(tableRow(row));
    if (drift.errors.length === 0) {
      lines.push(
        "",
        "Git is right: `pulumi up --refresh` puts Didomi back. Didomi is right: put its values in the program.",
      );
    }
  }
  if (!drift.refreshed && drift.errors.length === 0) {
    lines.push(
      "",
      "> [!WARNING]",
      "> This preview did not read Didomi (no refresh steps): it compares Git with the last deployment only. " +
        "Run `pulumi preview --refresh --json`.",
    );
  }
  return `${lines.join("\n")}\n`;
}

function tableRow(row: DriftRow): string {
  const field =
    row.field !== undefined ? code(row.field) : row.git.kind === "resource" ? "*(whole resource)*" : "*(none shown)*";
  return `| ${code(row.type)} ${escapeCell(row.name)} | ${field} | ${cell(row.git)} | ${cell(row.didomi)} | ${row.action} |`;
}

function cell(side: Side): string {
  switch (side.kind) {
    case "absent":
      return "*(not set)*";
    case "secret":
      return "`[secret]`";
    case "resource":
      return side.exists ? "*(exists)*" : "*(missing)*";
    case "unshown":
      return "—";
    case "value": {
      const text = JSON.stringify(side.value);
      return code(text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text);
    }
  }
}

/** An inline code span that survives any content: a fence longer than any backtick run inside it. */
function code(text: string): string {
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${escapeCell(padded)}${fence}`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A table cell ends at a "|" and at a line break, even inside a code span. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
