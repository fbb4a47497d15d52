"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerScan = registerScan;
/**
 * `compliance-gateway scan`: checks text offline with the configured rules and prints one JSON
 * verdict per input line. Exit 0 when every line is clean, 1 when any is blocked, 2 on error.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_readline_1 = __importDefault(require("node:readline"));
const engine_1 = require("../policy/engine");
const rules_1 = require("../policy/rules");
/** A JSONL row with a string `text` is scanned by its text; any other line is scanned as is. */
function lineText(line) {
    if (line.startsWith('{')) {
        try {
            const row = JSON.parse(line);
            if (typeof row === 'object' && row !== null && typeof row.text === 'string')
                return row.text;
        }
        catch {
            // not JSON: scan the line as plain text
        }
    }
    return line;
}
function registerScan(program) {
    program
        .command('scan')
        .description('check text (plain lines, or JSONL rows with a "text" field) offline; one JSON verdict per line')
        .argument('[file]', 'input file, or - for standard input', '-')
        .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
        .option('--stage <stage>', 'input (prompts) or output (model answers)', 'input')
        .action(async (file, opts) => {
        if (opts.stage !== 'input' && opts.stage !== 'output') {
            process.stderr.write(`--stage must be input or output, not "${opts.stage}"\n`);
            process.exit(2);
        }
        const stage = opts.stage;
        let exitCode = 0;
        try {
            const engine = (0, engine_1.createEngine)((0, rules_1.loadRuleSet)(opts.rules ?? process.env.RULES_DIR ?? 'rules'));
            const input = file === '-' ? process.stdin : node_fs_1.default.createReadStream(file, { encoding: 'utf8' });
            const lines = node_readline_1.default.createInterface({ input, crlfDelay: Infinity });
            let n = 0;
            for await (const line of lines) {
                n++;
                if (line.trim() === '')
                    continue;
                const text = lineText(line);
                const verdict = await engine.inspect([{ path: 'text', text }], stage);
                const findings = verdict.findings.map((f) => ({
                    category: f.category,
                    ruleId: f.ruleId,
                    severity: f.severity,
                    detector: f.detector,
                    span: f.span,
                    excerpt: f.excerpt,
                    // Keyword matches: what the user wrote and what it read as after normalization/decoding.
                    // Pattern matches (PII, secrets) show only the masked excerpt.
                    ...(f.detector === 'keyword' && f.span ? { original: text.slice(f.span[0], f.span[1]), normalized: f.matched } : {}),
                    ...(f.via ? { via: f.via } : {}),
                    ...(f.lexicon ? { lexicon: f.lexicon } : {}),
                }));
                process.stdout.write(`${JSON.stringify({ line: n, action: verdict.action, findings, reasons: verdict.reasons, policyRevision: verdict.policyRevision })}\n`);
                if (verdict.action === 'block')
                    exitCode = 1;
            }
        }
        catch (err) {
            process.stderr.write(`scan failed: ${err.message}\n`);
            process.exit(2);
        }
        process.exitCode = exitCode;
    });
}
