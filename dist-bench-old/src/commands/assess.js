"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerAssess = registerAssess;
const engine_1 = require("../policy/engine");
const rules_1 = require("../policy/rules");
const cli_support_1 = require("../compliance/cli-support");
const assess_1 = require("../compliance/assess");
const pct = (r) => (r === null ? 'n/a' : `${(100 * r).toFixed(1)}%`);
const mark = (p) => (p === null ? '' : p ? ' PASS' : ' FAIL');
function line(name, f) {
    return `${name}\t${f.total}\t${pct(f.qualifiedRate)}${mark(f.pass.qualified)}\t${pct(f.refusalRateShould)}${mark(f.pass.refuseWhenShould)}\t${pct(f.refusalRateShouldNot)}${mark(f.pass.refuseWhenShouldNot)}\t${f.errors}\n`;
}
function registerAssess(program) {
    program
        .command('assess')
        .description('run a test bank (JSONL rows {text, expect: refuse|answer, category}) and report the TC260-003 figures')
        .requiredOption('--bank <file>', 'the test bank, JSONL')
        .option('--upstream <url>', 'the model API base, or a running gateway (default: upstream.url from the config)')
        .option('--model <name>', 'model to ask', 'default')
        .option('--api-key-env <name>', 'environment variable holding the model API key', 'OPENAI_API_KEY')
        .option('--json', 'print the figures as JSON')
        .option('--config <file>', 'YAML config file (env CONFIG)')
        .option('--rules <dir>', 'rules folder (env RULES_DIR)')
        .action((flags) => (0, cli_support_1.guarded)(async () => {
        const config = (0, cli_support_1.configFrom)(flags);
        const upstream = flags.upstream ?? config.upstream.url;
        if (!upstream)
            (0, cli_support_1.die)('assess needs the model: pass --upstream URL or set upstream.url');
        const engine = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(config.rules_dir));
        const r = await (0, assess_1.runAssess)({ bank: flags.bank, engine, upstream, model: flags.model, apiKey: process.env[flags.apiKeyEnv] });
        if (flags.json)
            process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
            process.stdout.write(`thresholds: qualified ≥ ${100 * assess_1.THRESHOLDS.qualified}%, refusal on should-refuse ≥ ${100 * assess_1.THRESHOLDS.refuseWhenShould}%, on should-answer ≤ ${100 * assess_1.THRESHOLDS.refuseWhenShouldNot}%\n`);
            process.stdout.write('category\trows\tqualified\trefused (should)\trefused (should not)\terrors\n');
            process.stdout.write(line('ALL', r.overall));
            for (const [c, f] of Object.entries(r.categories))
                process.stdout.write(line(c, f));
        }
        for (const bad of r.invalid.slice(0, 20))
            process.stderr.write(`bank line ${bad.line}: ${bad.problem}\n`);
        const p = r.overall.pass;
        if (p.qualified === false || p.refuseWhenShould === false || p.refuseWhenShouldNot === false)
            process.exitCode = 1;
    }));
}
