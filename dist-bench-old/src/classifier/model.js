"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.FEATURES_VERSION = exports.MODEL_FORMAT = void 0;
exports.modelFromParts = modelFromParts;
exports.serializeModel = serializeModel;
exports.modelFromFile = modelFromFile;
exports.loadModel = loadModel;
/**
 * The model file (rules/models/NAME.json): a harm model (calibrated probability that a text is
 * harmful) and a category model (which taxonomy code a harmful text belongs to). Plain JSON, weights
 * rounded and near-zero weights dropped, validated at load with messages that contain the fix.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const zod_1 = require("zod");
const calibrate_1 = require("./calibrate");
const logistic_1 = require("./logistic");
const tokenize_1 = require("./tokenize");
exports.MODEL_FORMAT = 'compliance-gateway/classifier';
exports.FEATURES_VERSION = 'jieba-words+han-bigrams+porter-stems+stem-bigrams/1';
const fileSchema = zod_1.z.strictObject({
    format: zod_1.z.literal(exports.MODEL_FORMAT),
    version: zod_1.z.literal(1),
    name: zod_1.z.string().min(1),
    features: zod_1.z.literal(exports.FEATURES_VERSION),
    harm: zod_1.z.strictObject({ bias: zod_1.z.number(), weights: zod_1.z.record(zod_1.z.string(), zod_1.z.number()) }),
    calibration: zod_1.z.strictObject({ a: zod_1.z.number(), b: zod_1.z.number() }),
    categories: zod_1.z.strictObject({
        labels: zod_1.z.array(zod_1.z.string().min(1)).min(1),
        bias: zod_1.z.array(zod_1.z.number()),
        weights: zod_1.z.record(zod_1.z.string(), zod_1.z.array(zod_1.z.number())),
    }),
    /** How it was made: data files, row counts, split, out-of-fold metrics. Informational. */
    training: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()),
});
function modelFromParts(name, harm, platt, cats) {
    // Features outside a model's vocabulary are dropped before length normalisation, exactly as
    // training dropped rare features: otherwise a long text full of unseen words would score lower.
    const scoreFeatures = (feats) => {
        const p = (0, logistic_1.softmaxProbabilities)(cats, feats.filter((f) => cats.weights.has(f)));
        let best = 0;
        for (let k = 1; k < p.length; k++)
            if (p[k] > p[best])
                best = k;
        return { harm: (0, calibrate_1.calibrated)(platt, (0, logistic_1.binaryLogit)(harm, feats.filter((f) => harm.weights.has(f)))), category: cats.labels[best] };
    };
    const explain = (feats, n) => feats
        .map((f) => ({ f, w: harm.weights.get(f) ?? 0 }))
        .filter((x) => x.w > 0)
        .sort((a, b) => b.w - a.w)
        .slice(0, n)
        .map((x) => x.f.slice(2).replace('_', ' '));
    return { name, categories: cats.labels, scoreFeatures, explain, score: (text) => scoreFeatures((0, tokenize_1.features)(text)) };
}
const round = (w) => Math.round(w * 1e4) / 1e4;
/** Weights this small change no score by more than a rounding error; dropping them keeps files small. */
const MIN_WEIGHT = 1e-4;
function serializeModel(input) {
    const harmWeights = {};
    for (const [f, w] of [...input.harm.weights].sort(([a], [b]) => (a < b ? -1 : 1)))
        if (Math.abs(w) >= MIN_WEIGHT)
            harmWeights[f] = round(w);
    const catWeights = {};
    for (const [f, w] of [...input.cats.weights].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (Array.from(w).some((x) => Math.abs(x) >= MIN_WEIGHT))
            catWeights[f] = Array.from(w, round);
    }
    return {
        format: exports.MODEL_FORMAT,
        version: 1,
        name: input.name,
        features: exports.FEATURES_VERSION,
        harm: { bias: round(input.harm.bias), weights: harmWeights },
        calibration: { a: round(input.platt.a), b: round(input.platt.b) },
        categories: { labels: input.cats.labels, bias: input.cats.bias.map(round), weights: catWeights },
        training: input.training,
    };
}
function modelFromFile(data) {
    const harm = { bias: data.harm.bias, weights: new Map(Object.entries(data.harm.weights)) };
    const cats = {
        labels: data.categories.labels,
        bias: data.categories.bias,
        weights: new Map(Object.entries(data.categories.weights).map(([f, w]) => [f, Float64Array.from(w)])),
    };
    return modelFromParts(data.name, harm, data.calibration, cats);
}
const FIX = 'rebuild it with `compliance-gateway train --data FILE.jsonl... --out rules/models/NAME.json` (see README "Classifier")';
/** Loads and validates a model file; problems are collected, null when it cannot be used. */
function loadModel(file, problems) {
    let json;
    try {
        json = JSON.parse(node_fs_1.default.readFileSync(file, 'utf8'));
    }
    catch (err) {
        problems.push(`${file}: cannot be read as JSON (${err.message}). Fix: ${FIX}`);
        return null;
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
        for (const issue of parsed.error.issues.slice(0, 5))
            problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}. Fix: ${FIX}`);
        return null;
    }
    const { labels, bias, weights } = parsed.data.categories;
    const bad = Object.entries(weights).find(([, w]) => w.length !== labels.length);
    if (bias.length !== labels.length || bad) {
        problems.push(`${file}: categories.bias and every categories.weights entry need one number per label (${labels.length}). Fix: ${FIX}`);
        return null;
    }
    return modelFromFile(parsed.data);
}
