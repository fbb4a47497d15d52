"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `npm run soak [-- SECONDS [CONCURRENCY]]`: the long soak (default 300 s, 32 clients) of
 * bench/lib/soak-run.ts. Prints the report as JSON and exits 1 when a guarantee broke (a 500, an
 * unhandled rejection, a block without its audit row, a socket left open).
 */
const node_path_1 = __importDefault(require("node:path"));
const soak_run_1 = require("./lib/soak-run");
async function main() {
    const seconds = Number(process.argv[2] ?? 300);
    const concurrency = Number(process.argv[3] ?? 32);
    const report = await (0, soak_run_1.runSoak)({ seconds, concurrency, rulesDir: node_path_1.default.resolve('rules') });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const broken = report.unhandled.length > 0 || report.byStatus['500'] !== undefined || report.blockedWithoutAuditRow > 0 || report.gatewayConnectionsAtEnd !== 0;
    process.exitCode = broken ? 1 : 0;
}
void main();
