// Progress and warnings from the provider process. Inside Pulumi's dynamic-provider plugin there is no
// engine connection, so pulumi.log writes to stdout/stderr, which the engine shows as the resource's logs.
import * as pulumi from "@pulumi/pulumi";

export const log = {
  debug: (message: string) => void pulumi.log.debug(message),
  info: (message: string) => void pulumi.log.info(message),
  warn: (message: string) => void pulumi.log.warn(message),
};
