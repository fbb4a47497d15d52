/**
 * `compliance-gateway train`: labelled JSONL → model file for the local classifier. The rebuild
 * command for the committed model is in the README ("Classifier"); `--compare` also trains natural's
 * BayesClassifier and LogisticRegressionClassifier on the same split and prints how they measure.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { compareWithNatural } from '../classifier/compare-natural';
import { readRows } from '../classifier/dataset';
import { modelFromFile } from '../classifier/model';
import { trainModel } from '../classifier/train';

interface TrainOptions {
  data: string[];
  out: string;
  name?: string;
  compare?: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the local classifier from labelled JSONL rows {text, label, category, lang}')
    .requiredOption('--data <files...>', 'labelled JSONL files (e.g. ../shared/datasets/*.train.jsonl data/*.jsonl)')
    .requiredOption('--out <file>', 'model file to write, e.g. rules/models/risk.json')
    .option('--name <name>', 'model name used in rule ids clf:<name>:<category> (default: the file name)')
    .option('--compare', "also measure natural's BayesClassifier and LogisticRegressionClassifier on the held-out rows")
    .action((opts: TrainOptions) => {
      try {
        const rows = readRows(opts.data);
        const name = opts.name ?? path.basename(opts.out, '.json');
        // File names only: the model must not depend on where the datasets sit on this machine.
        const model = trainModel({ name, rows, files: opts.data.map((f) => path.basename(f)).sort() });
        fs.mkdirSync(path.dirname(opts.out), { recursive: true });
        fs.writeFileSync(opts.out, `${JSON.stringify(model)}\n`);
        process.stdout.write(`${JSON.stringify({ out: opts.out, training: model.training })}\n`);
        // The thresholds chosen on the validation rows, ready for rules/policy.yaml (classifiers.local).
        const chosen = (model.training.outOfFold as { thresholds?: Record<string, { flag: number; block: number }> } | undefined)?.thresholds ?? {};
        const lines = Object.entries(chosen).map(([glob, t]) => `      "${glob}": { flag: ${t.flag}, block: ${t.block} }`);
        process.stderr.write(`thresholds for rules/policy.yaml (classifiers.local.thresholds):\n${lines.join('\n')}\n`);
        if (opts.compare) process.stdout.write(`${JSON.stringify(compareWithNatural(rows, modelFromFile(model)), null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`train failed: ${(err as Error).message}\n`);
        process.exit(2);
      }
    });
}
