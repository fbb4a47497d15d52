"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.trainModel = trainModel;
const dataset_1 = require("./dataset");
const calibrate_1 = require("./calibrate");
const logistic_1 = require("./logistic");
const model_1 = require("./model");
const source_categories_1 = require("./source-categories");
const tokenize_1 = require("./tokenize");
const FOLDS = 5;
/** A feature seen in fewer training rows than this is noise for a model of this size, and bloats it. */
const MIN_FEATURE_ROWS = 2;
function pruneRare(x) {
    const counts = new Map();
    for (const feats of x)
        for (const f of feats)
            counts.set(f, (counts.get(f) ?? 0) + 1);
    return x.map((feats) => feats.filter((f) => (counts.get(f) ?? 0) >= MIN_FEATURE_ROWS));
}
/** Out-of-fold recall / false-positive rate per language at a few thresholds, for choosing them. */
function oofReport(rows, p) {
    const report = {};
    for (const lang of ['zh', 'en']) {
        const at = {};
        for (const t of [0.3, 0.5, 0.7, 0.8, 0.9]) {
            let tp = 0, pos = 0, fp = 0, neg = 0;
            rows.forEach((r, i) => {
                if (r.lang !== lang)
                    return;
                if (r.label === 'harmful') {
                    pos++;
                    if (p[i] >= t)
                        tp++;
                }
                else {
                    neg++;
                    if (p[i] >= t)
                        fp++;
                }
            });
            at[String(t)] = { recall: round3(tp / (pos || 1)), fpr: round3(fp / (neg || 1)) };
        }
        report[lang] = at;
    }
    return report;
}
const round3 = (x) => Math.round(x * 1000) / 1000;
function trainModel(input) {
    const rows = input.rows.filter((r) => !r.heldOut && r.category !== source_categories_1.PII_CATEGORY);
    if (!rows.some((r) => r.label === 'harmful') || !rows.some((r) => r.label === 'benign')) {
        throw new Error('training needs both harmful and benign rows. Fix: pass files with both labels to --data');
    }
    const x = pruneRare(rows.map((r) => (0, tokenize_1.features)(r.text)));
    const y = rows.map((r) => (r.label === 'harmful' ? 1 : 0));
    const oof = new Array(rows.length).fill(0);
    for (let fold = 0; fold < FOLDS; fold++) {
        const trainIdx = rows.map((_, i) => i).filter((i) => i % FOLDS !== fold);
        const m = (0, logistic_1.trainBinary)(trainIdx.map((i) => x[i]), trainIdx.map((i) => y[i]));
        rows.forEach((_, i) => {
            if (i % FOLDS === fold)
                oof[i] = (0, logistic_1.binaryLogit)(m, x[i]);
        });
    }
    const platt = (0, calibrate_1.fitPlatt)(oof, y);
    const harm = (0, logistic_1.trainBinary)(x, y);
    const harmful = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label === 'harmful');
    const cats = (0, logistic_1.trainSoftmax)(harmful.map(({ i }) => x[i]), harmful.map(({ r }) => r.category));
    const count = (pred) => rows.filter(pred).length;
    return (0, model_1.serializeModel)({
        name: input.name,
        harm,
        platt,
        cats,
        training: {
            files: input.files,
            rows: { harmful: count((r) => r.label === 'harmful'), benign: count((r) => r.label === 'benign') },
            heldOut: { fraction: dataset_1.HOLDOUT_FRACTION, salt: dataset_1.SPLIT_SALT, rows: input.rows.filter((r) => r.heldOut).length },
            outOfFold: oofReport(rows, oof.map((z) => (0, calibrate_1.calibrated)(platt, z))),
        },
    });
}
