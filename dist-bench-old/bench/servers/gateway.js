"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The gateway under test, exactly as `serve` starts it (startGateway with loadConfig), with a
 * silent logger, its own audit file and the given rules folder (default policy unless the runner
 * passes a temp copy with synthetic keyword lists).
 */
const config_1 = require("../../src/config");
const gateway_1 = require("../../src/gateway");
const log_1 = require("../../src/log");
const ipc_1 = require("./ipc");
async function main() {
    const startedAt = Date.now();
    const config = (0, config_1.loadConfig)({
        env: {},
        flags: { port: 0, host: '127.0.0.1', upstream: (0, ipc_1.arg)('upstream'), db: (0, ipc_1.arg)('db'), rules: (0, ipc_1.arg)('rules') },
    });
    const gateway = await (0, gateway_1.startGateway)(config, (0, log_1.createLogger)({ silent: true }));
    (0, ipc_1.announce)(gateway.url, startedAt);
}
main().catch((err) => {
    process.stderr.write(`bench gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
