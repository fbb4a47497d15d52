"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerRules = registerRules;
/**
 * `compliance-gateway rules check | coverage | import`: keyword-library tooling.
 * - check: lint (duplicates, keywords that fire on benign everyday text, catastrophic-backtracking
 *   regexes). Exit 1 when there is an error (or any warning with --strict), 2 when the rules do not load.
 * - coverage: keywords per TC260-003 risk against the §8.1 minimums, with the gaps.
 * - import: a plain-text library (word per line, or code<TAB>word) into rules/keywords/.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const coverage_1 = require("../policy/coverage");
const keyword_import_1 = require("../policy/keyword-import");
const rules_1 = require("../policy/rules");
const rules_lint_1 = require("../policy/rules-lint");
const taxonomy_1 = require("../policy/taxonomy");
function rulesDir(flag) {
    return flag ?? process.env.RULES_DIR ?? 'rules';
}
function loadOrExit(dir) {
    try {
        return (0, rules_1.loadRuleSet)(dir);
    }
    catch (err) {
        process.stderr.write(`${err instanceof rules_1.RulesError ? err.message : err.message}\n`);
        process.exit(2);
    }
}
/** Benign JSONL files: --benign paths, else *benign* files of ../shared/datasets when present. */
function benignFiles(given) {
    const expand = (p) => (node_fs_1.default.existsSync(p) && node_fs_1.default.statSync(p).isDirectory() ? node_fs_1.default.readdirSync(p).filter((f) => f.includes('benign') && f.endsWith('.jsonl')).map((f) => node_path_1.default.join(p, f)) : [p]);
    if (given.length > 0)
        return given.flatMap(expand);
    const shared = node_path_1.default.resolve('..', 'shared', 'datasets');
    return node_fs_1.default.existsSync(shared) ? expand(shared) : [];
}
function registerRules(program) {
    const rules = program.command('rules').description('keyword-library tooling: check, coverage, import');
    rules
        .command('check')
        .description('lint the rules: duplicate keywords, keywords matching benign everyday text, catastrophic-backtracking regexes')
        .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
        .option('--benign <path...>', 'JSONL files or folders with benign rows (default: ../shared/datasets/*benign*.jsonl when present)')
        .option('--strict', 'exit 1 on warnings too')
        .option('--json', 'print the issues as JSON')
        .action(async (opts) => {
        const ruleSet = loadOrExit(rulesDir(opts.rules));
        const missing = (opts.benign ?? []).filter((f) => !node_fs_1.default.existsSync(f));
        if (missing.length > 0) {
            process.stderr.write(`no such benign file or folder: ${missing.join(', ')}\n`);
            process.exit(2);
        }
        const files = benignFiles(opts.benign ?? []);
        const issues = [
            ...(await (0, rules_lint_1.regexIssues)(ruleSet)),
            ...(0, rules_lint_1.duplicateLines)(ruleSet.dir),
            ...(0, rules_lint_1.duplicateKeywords)(ruleSet),
            ...(0, rules_lint_1.everydayMatches)(ruleSet, (0, rules_lint_1.benignTexts)(files)),
        ];
        const errors = issues.filter((i) => i.level === 'error').length;
        const warnings = issues.length - errors;
        if (opts.json)
            process.stdout.write(`${JSON.stringify({ errors, warnings, benignFiles: files.map((f) => node_path_1.default.basename(f)), issues }, null, 2)}\n`);
        else {
            for (const i of issues)
                process.stdout.write(`${i.level} ${i.kind} ${i.rule}: ${i.message}\n`);
            process.stdout.write(`${ruleSet.keywords.length} keywords, ${ruleSet.regexes.length} patterns checked against ${files.length} benign file(s): ${errors} error(s), ${warnings} warning(s)\n`);
        }
        process.exitCode = errors > 0 || (opts.strict && warnings > 0) ? 1 : 0;
    });
    rules
        .command('coverage')
        .description('keywords per TC260-003 risk against the §8.1 minimums (≥10,000 total, ≥200 per A.1 risk, ≥100 per A.2 risk)')
        .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
        .option('--json', 'print the coverage as JSON')
        .action((opts) => {
        const c = (0, coverage_1.coverage)(loadOrExit(rulesDir(opts.rules)));
        process.stdout.write(opts.json ? `${JSON.stringify(c, null, 2)}\n` : `${(0, coverage_1.coverageText)(c)}\n`);
    });
    rules
        .command('import')
        .description('import a plain-text keyword library (one word per line, or code<TAB>word) into rules/keywords/')
        .argument('<file>', 'the library file')
        .requiredOption('--lang <lang>', 'language of the entries: zh, en, …')
        .option('--category <code>', 'TC260 code for lines without one, e.g. A.1.h')
        .option('--topic <topic>', 'file-name topic: keywords/<code>.<topic>.<lang>.txt', 'imported')
        .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
        .action((file, opts) => {
        const dir = rulesDir(opts.rules);
        const taxonomyProblems = [];
        const taxonomy = (0, taxonomy_1.loadTaxonomy)(node_path_1.default.join(dir, 'taxonomy.yaml'), taxonomyProblems);
        if (taxonomyProblems.length > 0 || !node_fs_1.default.existsSync(file)) {
            process.stderr.write(`${[...taxonomyProblems, ...(node_fs_1.default.existsSync(file) ? [] : [`no such file: ${file}`])].join('\n')}\n`);
            process.exit(2);
        }
        const started = Date.now();
        const report = (0, keyword_import_1.importKeywords)({ file, rulesDir: dir, taxonomy, lang: opts.lang, category: opts.category, topic: opts.topic });
        for (const p of report.problems.slice(0, 50))
            process.stderr.write(`${p}\n`);
        if (report.problems.length > 50)
            process.stderr.write(`… and ${report.problems.length - 50} more problems\n`);
        for (const f of report.files)
            process.stdout.write(`${f.file}: +${f.added}\n`);
        process.stdout.write(`imported ${report.added} keywords (${report.duplicates} already present) in ${Date.now() - started} ms; run "compliance-gateway rules check" and "rules coverage" next\n`);
        process.exitCode = report.problems.length > 0 && report.added === 0 ? 2 : 0;
    });
}
