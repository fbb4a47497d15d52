"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLogger = createLogger;
/**
 * The application log: JSON lines through winston. It records request ids, routes, statuses,
 * categories, rule ids and hashes, never prompt text, outputs or credentials (STYLE.md §9).
 * Callers pass structured metadata; there is deliberately no helper that accepts a body.
 */
const winston_1 = __importDefault(require("winston"));
function createLogger(opts = {}) {
    return winston_1.default.createLogger({
        level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
        silent: opts.silent ?? false,
        format: winston_1.default.format.combine(winston_1.default.format.timestamp(), winston_1.default.format.json()),
        defaultMeta: { service: 'compliance-gateway' },
        transports: [new winston_1.default.transports.Console({ stderrLevels: ['error', 'warn'] })],
    });
}
