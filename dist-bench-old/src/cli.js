"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildCli = buildCli;
/**
 * The `compliance-gateway` command line. One file per command under src/commands/.
 */
const commander_1 = require("commander");
const scan_1 = require("./commands/scan");
const serve_1 = require("./commands/serve");
const train_1 = require("./commands/train");
const eval_1 = require("./commands/eval");
const audit_1 = require("./commands/audit");
const report_1 = require("./commands/report");
const replay_1 = require("./commands/replay");
const assess_1 = require("./commands/assess");
const rules_1 = require("./commands/rules");
const dashboard_1 = require("./commands/dashboard");
function buildCli() {
    const program = new commander_1.Command();
    program
        .name('compliance-gateway')
        .description('Content-compliance filtering gateway for model APIs: inspects prompts and outputs, blocks, redacts or flags, and keeps an audit trail.')
        .showHelpAfterError();
    (0, serve_1.registerServe)(program);
    (0, scan_1.registerScan)(program);
    (0, train_1.registerTrain)(program);
    (0, eval_1.registerEval)(program);
    (0, audit_1.registerAudit)(program);
    (0, report_1.registerReport)(program);
    (0, replay_1.registerReplay)(program);
    (0, assess_1.registerAssess)(program);
    (0, rules_1.registerRules)(program);
    (0, dashboard_1.registerDashboard)(program);
    return program;
}
