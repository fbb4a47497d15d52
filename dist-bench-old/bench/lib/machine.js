"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.machineInfo = machineInfo;
/** What the numbers were measured on: they only mean something next to this. */
const node_os_1 = __importDefault(require("node:os"));
function machineInfo() {
    const cpus = node_os_1.default.cpus();
    return {
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        totalMemMB: Math.round(node_os_1.default.totalmem() / 2 ** 20),
        node: process.version,
        platform: `${node_os_1.default.platform()} ${node_os_1.default.release()} ${node_os_1.default.arch()}`,
        loadAvg: node_os_1.default.loadavg().map((n) => Math.round(n * 100) / 100),
    };
}
