/**
 * `compliance-gateway scan`: checks text offline with the configured rules and prints one JSON
 * verdict per input line. Exit 0 when every line is clean, 1 when any is blocked, 2 on error.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { createEngine } from '../policy/engine';
import { loadRuleSet } from '../policy/rules';
import type { Stage } from '../types';

/** A JSONL row with a string `text` is scanned by its text; any other line is scanned as is. */
function lineText(line: string): string {
  if (line.startsWith('{')) {
    try {
      const row: unknown = JSON.parse(line);
      if (typeof row === 'object' && row !== null && typeof (row as { text?: unknown }).text === 'string') return (row as { text: string }).text;
    } catch {
      // not JSON: scan the line as plain text
    }
  }
  return line;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('check text (plain lines, or JSONL rows with a "text" field) offline; one JSON verdict per line')
    .argument('[file]', 'input file, or - for standard input', '-')
    .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
    .option('--stage <stage>', 'input (prompts) or output (model answers)', 'input')
    .action(async (file: string, opts: { rules?: string; stage: string }) => {
      if (opts.stage !== 'input' && opts.stage !== 'output') {
        process.stderr.write(`--stage must be input or output, not "${opts.stage}"\n`);
        process.exit(2);
      }
      const stage = opts.stage as Stage;
      let exitCode = 0;
      try {
        const engine = createEngine(loadRuleSet(opts.rules ?? process.env.RULES_DIR ?? 'rules'));
        const input = file === '-' ? process.stdin : fs.createReadStream(file, { encoding: 'utf8' });
        const lines = readline.createInterface({ input, crlfDelay: Infinity });
        let n = 0;
        for await (const line of lines) {
          n++;
          if (line.trim() === '') continue;
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
          if (verdict.action === 'block') exitCode = 1;
        }
      } catch (err) {
        process.stderr.write(`scan failed: ${(err as Error).message}\n`);
        process.exit(2);
      }
      process.exitCode = exitCode;
    });
}
