"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerEval = registerEval;
const dataset_1 = require("../classifier/dataset");
const evaluate_1 = require("../classifier/evaluate");
const engine_1 = require("../policy/engine");
const rules_1 = require("../policy/rules");
function registerEval(program) {
    program
        .command('eval')
        .description('measure the configured policy on labelled JSONL rows {text, label, category, lang}: recall, false positives, latency')
        .requiredOption('--data <files...>', 'labelled JSONL files')
        .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
        .option('--stage <stage>', 'input (prompts) or output (model answers)', 'input')
        .option('--held-out', 'only the rows held out from training (the split of rules/models/)')
        .option('--json', 'print the report as JSON')
        .action(async (opts) => {
        if (opts.stage !== 'input' && opts.stage !== 'output') {
            process.stderr.write(`--stage must be input or output, not "${opts.stage}"\n`);
            process.exit(2);
        }
        try {
            const engine = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(opts.rules ?? process.env.RULES_DIR ?? 'rules'));
            const rows = (0, dataset_1.readRows)(opts.data).filter((r) => !opts.heldOut || r.heldOut);
            const report = await (0, evaluate_1.evaluate)(engine, rows, opts.stage);
            process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${(0, evaluate_1.formatReport)(report)}\n`);
        }
        catch (err) {
            process.stderr.write(`eval failed: ${err.message}\n`);
            process.exit(2);
        }
    });
}
