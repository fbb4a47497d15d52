"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerTrain = registerTrain;
/**
 * `compliance-gateway train`: labelled JSONL → model file for the local classifier. The rebuild
 * command for the committed model is in the README ("Classifier"); `--compare` also trains natural's
 * BayesClassifier and LogisticRegressionClassifier on the same split and prints how they measure.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const compare_natural_1 = require("../classifier/compare-natural");
const dataset_1 = require("../classifier/dataset");
const model_1 = require("../classifier/model");
const train_1 = require("../classifier/train");
function registerTrain(program) {
    program
        .command('train')
        .description('train the local classifier from labelled JSONL rows {text, label, category, lang}')
        .requiredOption('--data <files...>', 'labelled JSONL files (e.g. ../shared/datasets/*.train.jsonl data/*.jsonl)')
        .requiredOption('--out <file>', 'model file to write, e.g. rules/models/risk.json')
        .option('--name <name>', 'model name used in rule ids clf:<name>:<category> (default: the file name)')
        .option('--compare', "also measure natural's BayesClassifier and LogisticRegressionClassifier on the held-out rows")
        .action((opts) => {
        try {
            const rows = (0, dataset_1.readRows)(opts.data);
            const name = opts.name ?? node_path_1.default.basename(opts.out, '.json');
            // File names only: the model must not depend on where the datasets sit on this machine.
            const model = (0, train_1.trainModel)({ name, rows, files: opts.data.map((f) => node_path_1.default.basename(f)).sort() });
            node_fs_1.default.mkdirSync(node_path_1.default.dirname(opts.out), { recursive: true });
            node_fs_1.default.writeFileSync(opts.out, `${JSON.stringify(model)}\n`);
            process.stdout.write(`${JSON.stringify({ out: opts.out, training: model.training })}\n`);
            if (opts.compare)
                process.stdout.write(`${JSON.stringify((0, compare_natural_1.compareWithNatural)(rows, (0, model_1.modelFromFile)(model)), null, 2)}\n`);
        }
        catch (err) {
            process.stderr.write(`train failed: ${err.message}\n`);
            process.exit(2);
        }
    });
}
