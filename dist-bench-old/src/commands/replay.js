"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerReplay = registerReplay;
const engine_1 = require("../policy/engine");
const rules_1 = require("../policy/rules");
const cli_support_1 = require("../compliance/cli-support");
const replay_1 = require("../compliance/replay");
function registerReplay(program) {
    program
        .command('replay')
        .description('re-send the prompts of remediation items to the model through the same policy; items that no longer violate become remediated')
        .option('--status <list>', 'which items: open, confirmed, overdue (comma-separated)', 'confirmed,overdue')
        .option('--upstream <url>', 'the model API base (default: upstream.url from the config)')
        .option('--model <name>', 'model to ask (default: the model recorded with each violation)')
        .option('--category <code>', 'only this category or group prefix')
        .option('--api-key-env <name>', 'environment variable holding the model API key', 'OPENAI_API_KEY')
        .option('--config <file>', 'YAML config file (env CONFIG)')
        .option('--db <file>', 'SQLite audit database (env AUDIT_DB)')
        .option('--rules <dir>', 'rules folder (env RULES_DIR)')
        .action((flags) => (0, cli_support_1.guarded)(async () => {
        const config = (0, cli_support_1.configFrom)(flags);
        const upstream = flags.upstream ?? config.upstream.url;
        if (!upstream)
            (0, cli_support_1.die)('replay needs the model: pass --upstream URL (e.g. https://api.openai.com) or set upstream.url');
        const statuses = (0, cli_support_1.parseStatuses)(flags.status) ?? ['confirmed', 'overdue'];
        const engine = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(config.rules_dir));
        const store = (0, cli_support_1.openStore)(config);
        try {
            const s = await (0, replay_1.runReplay)({
                store, engine, upstream, statuses, model: flags.model, category: flags.category,
                apiKey: process.env[flags.apiKeyEnv], months: config.compliance.remediation_months,
            });
            process.stdout.write('category\treplayed\tstill violating\tremediated\tregeneration rate\n');
            for (const c of s.categories) {
                process.stdout.write(`${c.category}\t${c.replayed}\t${c.stillViolating}\t${c.remediated}\t${(100 * c.regenerationRate).toFixed(1)}%\n`);
            }
            if (s.skippedNoPrompt > 0)
                process.stderr.write(`${s.skippedNoPrompt} item(s) skipped: no stored prompt (hash storage, or an output violation recorded without its prompt)\n`);
            for (const f of s.failed.slice(0, 20))
                process.stderr.write(`item #${f.itemId}: ${f.error}\n`);
            if (s.failed.length > 0)
                process.exitCode = 1;
        }
        finally {
            store.close();
        }
    }));
}
