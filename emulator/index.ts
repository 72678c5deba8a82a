// pulumi-didomi/emulator: a local Didomi API server.
export {};
