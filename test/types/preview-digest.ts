// What the test engine prints as `pulumi preview --json` (test/harness/types.ts, the CLI's full document) is what
// `pulumi-didomi drift-report` reads (cli/drift-report/digest.ts, the lenient subset it checks). The two are
// typed apart on purpose, producer and consumer; this keeps them in agreement at compile time (npm run typecheck).
import type { PreviewDigest as ReportInput } from "../../cli/drift-report/digest";
import type { PreviewDigest as EnginePreview } from "../harness";

/** A preview the engine printed, steps and diagnostics filled in as it always does. */
type Printed = EnginePreview & Required<Pick<EnginePreview, "steps" | "diagnostics">>;

export const engineOutputIsReportInput = (printed: Printed): ReportInput => printed;
