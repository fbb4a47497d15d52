"use strict";
/**
 * Sparse logistic regression (binary and softmax) trained with AdaGrad and L2 decay. Inputs are
 * feature sets; each present feature has value 1/sqrt(n), so long texts do not score higher merely
 * for having more words. Deterministic: a seeded shuffle, no wall-clock or Math.random.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.featureValue = featureValue;
exports.sigmoid = sigmoid;
exports.binaryLogit = binaryLogit;
exports.trainBinary = trainBinary;
exports.softmaxProbabilities = softmaxProbabilities;
exports.trainSoftmax = trainSoftmax;
const prng_1 = require("../util/prng");
function shuffled(n, rand) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
}
/**
 * A text with one or two known features ("{"city":") must not get the full weight of a sentence: the
 * floor of four shrinks very short texts toward the prior instead of letting one word decide.
 */
const MIN_NORM_FEATURES = 4;
function featureValue(count) {
    return count === 0 ? 0 : 1 / Math.sqrt(Math.max(count, MIN_NORM_FEATURES));
}
function sigmoid(z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
/** The raw score (log-odds) of a feature set. */
function binaryLogit(model, feats) {
    const v = featureValue(feats.length);
    let z = model.bias;
    for (const f of feats)
        z += (model.weights.get(f) ?? 0) * v;
    return z;
}
/**
 * y[i] is 1 (harmful) or 0. Classes are weighted so each carries half the loss: the data is not
 * balanced per language, and a filter must not learn "Chinese means harmful".
 */
function trainBinary(x, y, opts = {}) {
    const { epochs = 12, learningRate = 0.5, l2 = 1e-4, seed = 1 } = opts;
    const positives = y.filter((v) => v === 1).length || 1;
    const negatives = y.length - positives || 1;
    const classWeight = [y.length / (2 * negatives), y.length / (2 * positives)];
    const weights = new Map();
    const grad2 = new Map();
    let bias = 0;
    let biasGrad2 = 0;
    const rand = (0, prng_1.mulberry32)(seed);
    for (let epoch = 0; epoch < epochs; epoch++) {
        for (const i of shuffled(x.length, rand)) {
            const model = { bias, weights };
            const v = featureValue(x[i].length);
            const g = (sigmoid(binaryLogit(model, x[i])) - y[i]) * classWeight[y[i]];
            for (const f of x[i]) {
                const w = weights.get(f) ?? 0;
                const gf = g * v + l2 * w;
                const acc = (grad2.get(f) ?? 0) + gf * gf;
                grad2.set(f, acc);
                weights.set(f, w - (learningRate * gf) / Math.sqrt(acc + 1e-8));
            }
            biasGrad2 += g * g;
            bias -= (learningRate * g) / Math.sqrt(biasGrad2 + 1e-8);
        }
    }
    return { bias, weights };
}
/** Probabilities per label (same order as model.labels). */
function softmaxProbabilities(model, feats) {
    const v = featureValue(feats.length);
    const z = [...model.bias];
    for (const f of feats) {
        const w = model.weights.get(f);
        if (!w)
            continue;
        for (let k = 0; k < z.length; k++)
            z[k] += w[k] * v;
    }
    const max = Math.max(...z);
    const e = z.map((s) => Math.exp(s - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((s) => s / sum);
}
function trainSoftmax(x, y, opts = {}) {
    const { epochs = 15, learningRate = 0.5, l2 = 1e-4, seed = 2 } = opts;
    const labels = [...new Set(y)].sort();
    const index = new Map(labels.map((l, i) => [l, i]));
    const K = labels.length;
    const model = { labels, bias: new Array(K).fill(0), weights: new Map() };
    const grad2 = new Map();
    const biasGrad2 = new Float64Array(K);
    const rand = (0, prng_1.mulberry32)(seed);
    for (let epoch = 0; epoch < epochs; epoch++) {
        for (const i of shuffled(x.length, rand)) {
            const p = softmaxProbabilities(model, x[i]);
            const target = index.get(y[i]) ?? 0;
            const v = featureValue(x[i].length);
            for (let k = 0; k < K; k++) {
                const g = p[k] - (k === target ? 1 : 0);
                biasGrad2[k] += g * g;
                model.bias[k] -= (learningRate * g) / Math.sqrt(biasGrad2[k] + 1e-8);
            }
            for (const f of x[i]) {
                let w = model.weights.get(f);
                let acc = grad2.get(f);
                if (!w || !acc) {
                    w = new Float64Array(K);
                    acc = new Float64Array(K);
                    model.weights.set(f, w);
                    grad2.set(f, acc);
                }
                for (let k = 0; k < K; k++) {
                    const gf = (p[k] - (k === target ? 1 : 0)) * v + l2 * w[k];
                    acc[k] += gf * gf;
                    w[k] -= (learningRate * gf) / Math.sqrt(acc[k] + 1e-8);
                }
            }
        }
    }
    return model;
}
