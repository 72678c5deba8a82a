// Writes the exported project all at once or not at all: every file goes into a temporary directory beside
// the output directory, which is renamed into place only when all are written. An export that fails midway
// (a 429 storm, a dropped connection, a full disk) leaves no partial project behind.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ProjectFiles } from "./render";

/** Fails, before anything is read from Didomi, when `out` holds files and `force` is not set. */
export function checkOutputDirectory(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new Error(`--out ${out} is a file; choose a directory (new or empty)`);
  if (force) return;
  const entries = readdirSync(out);
  if (entries.length > 0) {
    throw new Error(`--out ${out} is not empty (${entries.length} entries); choose an empty or new directory, or pass --force to replace its contents`);
  }
}

export function writeProject(out: string, files: ProjectFiles): void {
  const target = resolve(out);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.export-`));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(staging, name), content);
    chmodSync(staging, 0o777 & ~process.umask()); // mkdtemp makes it private; the project is an ordinary directory
    if (existsSync(target)) {
      // --force (checked earlier) or an empty directory: move the old one aside, then swap
      const previous = `${staging}.previous`;
      renameSync(target, previous);
      try {
        renameSync(staging, target);
      } catch (error) {
        renameSync(previous, target); // the old project goes back where it was: nothing changed
        throw error;
      }
      rmSync(previous, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
