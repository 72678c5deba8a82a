// Runs a command as a user would from a shell, and collects what it printed and how it exited.
import { spawn } from "node:child_process";

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `command args…` in `cwd`, with `input` on stdin (closed at once when there is none). */
export function runCommand(command: string, args: string[], options: { cwd: string; input?: string }): Promise<CommandRun> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
