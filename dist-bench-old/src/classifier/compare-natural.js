"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.compareWithNatural = compareWithNatural;
/**
 * `train --compare`: trains natural's BayesClassifier and LogisticRegressionClassifier on the same
 * features and split as our own model and measures them on the held-out rows, so the choice of
 * model stays a measurement rather than an opinion. natural turns every document into a dense
 * vector over the whole vocabulary; the comparison therefore keeps only features seen in at least
 * `minCount` training rows (and at most `maxRows` rows for logistic regression, whose training is
 * a dense matrix product).
 */
const natural_1 = require("natural");
const source_categories_1 = require("./source-categories");
const tokenize_1 = require("./tokenize");
function measure(name, trainMs, bytes, rows, x, score) {
    let tp = 0, fp = 0, pos = 0, neg = 0;
    const t0 = process.hrtime.bigint();
    rows.forEach((r, i) => {
        const harmful = score(x[i]) >= 0.5;
        if (r.label === 'harmful') {
            pos++;
            if (harmful)
                tp++;
        }
        else {
            neg++;
            if (harmful)
                fp++;
        }
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const r3 = (v) => Math.round(v * 1000) / 1000;
    return { name, trainMs, msPerRow: r3(ms / rows.length), bytes, accuracy: r3((tp + neg - fp) / rows.length), recall: r3(tp / (pos || 1)), fpr: r3(fp / (neg || 1)) };
}
function harmProbability(c, feats) {
    const all = c.getClassifications(feats);
    const total = all.reduce((s, x) => s + x.value, 0);
    const harm = all.find((x) => x.label === 'harmful')?.value ?? 0;
    return total > 0 ? harm / total : 0;
}
function trainNatural(c, x, rows) {
    const t0 = Date.now();
    rows.forEach((r, i) => c.addDocument(x[i], r.label));
    c.train();
    return Date.now() - t0;
}
function compareWithNatural(all, ours, opts = {}) {
    const { minCount = 3, maxRows = 600 } = opts;
    const usable = all.filter((r) => r.category !== source_categories_1.PII_CATEGORY);
    const train = usable.filter((r) => !r.heldOut);
    const test = usable.filter((r) => r.heldOut);
    const counts = new Map();
    const xTrainFull = train.map((r) => (0, tokenize_1.features)(r.text));
    for (const f of xTrainFull.flat())
        counts.set(f, (counts.get(f) ?? 0) + 1);
    const keep = (feats) => feats.filter((f) => (counts.get(f) ?? 0) >= minCount);
    const xTrain = xTrainFull.map(keep);
    const xTest = test.map((r) => keep((0, tokenize_1.features)(r.text)));
    const results = [measure(`own logistic (${ours.name})`, 0, 0, test, test.map((r) => (0, tokenize_1.features)(r.text)), (f) => ours.scoreFeatures(f).harm)];
    const bayes = new natural_1.BayesClassifier();
    const bayesMs = trainNatural(bayes, xTrain, train);
    results.push(measure('natural BayesClassifier', bayesMs, JSON.stringify(bayes).length, test, xTest, (f) => harmProbability(bayes, f)));
    // Every N-th row, so both labels and languages stay represented.
    const step = Math.max(1, Math.ceil(train.length / maxRows));
    const sub = train.map((r, i) => ({ r, i })).filter(({ i }) => i % step === 0);
    const lr = new natural_1.LogisticRegressionClassifier();
    const lrMs = trainNatural(lr, sub.map(({ i }) => xTrain[i]), sub.map(({ r }) => r));
    results.push(measure(`natural LogisticRegressionClassifier (${sub.length} rows)`, lrMs, JSON.stringify(lr).length, test, xTest, (f) => harmProbability(lr, f)));
    return results;
}
