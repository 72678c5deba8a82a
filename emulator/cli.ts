#!/usr/bin/env node
// didomi-emulator [--port N] [--host H] [--data FILE] [--seed FILE] [--settings FILE] [--timing realistic|instant]
// Realistic timing by default: a user sees deployments and domains go through their statuses, as at Didomi.
// The first stdout line is exactly `listening on http://HOST:PORT/v1`; SIGINT/SIGTERM flush data and exit 0.
import { readFileSync } from "node:fs";
import { startEmulator, type EmulatorOptions } from "./index";

const USAGE =
  "usage: didomi-emulator [--port N] [--host H] [--data FILE] [--seed FILE] [--settings FILE] [--timing realistic|instant]";

function parseArguments(args: string[]): EmulatorOptions {
  const options: EmulatorOptions = { timing: "realistic" };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === "--help" || flag === "-h") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    }
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case "--port":
        if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`--port must be 0-65535 (got ${value})`);
        options.port = Number(value);
        break;
      case "--host":
        options.host = value;
        break;
      case "--data":
        options.dataFile = value;
        break;
      case "--seed":
        options.seed = readSeed(value);
        break;
      case "--settings":
        options.settingsFile = value;
        break;
      case "--timing":
        if (value !== "realistic" && value !== "instant") throw new Error(`--timing must be realistic or instant (got ${value})`);
        options.timing = value;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

function readSeed(file: string) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read seed file ${file}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  let emulator;
  try {
    emulator = await startEmulator(parseArguments(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`didomi-emulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`didomi-emulator: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Only now: whoever waits for this line may signal the process right away.
  process.stdout.write(`listening on ${emulator.url}\n`);
}

void main();
