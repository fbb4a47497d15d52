"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DatasetError = exports.SPLIT_SALT = exports.HOLDOUT_FRACTION = void 0;
exports.isHeldOut = isHeldOut;
exports.readRows = readRows;
/**
 * Labelled data for training and evaluation: JSONL rows {text, label, category, lang} (extra fields
 * such as source, id, prompt are kept out of the model). Each row is prepared once: its category is
 * mapped to a taxonomy code (source-categories.ts) and it is assigned to the training or held-out
 * part by a hash of its text, so the split is the same on every machine and every run.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const zod_1 = require("zod");
const source_categories_1 = require("./source-categories");
const rowSchema = zod_1.z.object({
    text: zod_1.z.string().min(1),
    label: zod_1.z.enum(['harmful', 'benign']),
    category: zod_1.z.string().nullable().optional(),
    lang: zod_1.z.enum(['zh', 'en']),
    source: zod_1.z.string().optional(),
});
/** Share of rows held out from training, chosen by text hash. */
exports.HOLDOUT_FRACTION = 0.2;
exports.SPLIT_SALT = 'cg-split-v1';
function isHeldOut(text) {
    const h = node_crypto_1.default.createHash('sha256').update(exports.SPLIT_SALT).update(text).digest();
    return h.readUInt32BE(0) / 0x1_0000_0000 < exports.HOLDOUT_FRACTION;
}
class DatasetError extends Error {
    problems;
    constructor(problems) {
        super(`invalid training data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        this.problems = problems;
        this.name = 'DatasetError';
    }
}
exports.DatasetError = DatasetError;
/** Reads JSONL files; every bad line in every file is reported at once. */
function readRows(files) {
    const rows = [];
    const problems = [];
    for (const file of files) {
        const name = node_path_1.default.basename(file);
        let content;
        try {
            content = node_fs_1.default.readFileSync(file, 'utf8');
        }
        catch {
            problems.push(`${file}: cannot be read. Fix: check the path (the shared datasets live in ../shared/datasets)`);
            continue;
        }
        content.split('\n').forEach((line, i) => {
            if (line.trim() === '')
                return;
            let json;
            try {
                json = JSON.parse(line);
            }
            catch {
                problems.push(`${name}:${i + 1}: not JSON. Fix: one JSON object per line`);
                return;
            }
            const parsed = rowSchema.safeParse(json);
            if (!parsed.success) {
                const what = parsed.error.issues.map((x) => `${x.path.join('.') || '(row)'} ${x.message}`).join('; ');
                problems.push(`${name}:${i + 1}: ${what}. Fix: rows are {"text": "...", "label": "harmful"|"benign", "category": "A.1.f"|null, "lang": "zh"|"en"}`);
                return;
            }
            const r = parsed.data;
            const category = r.label === 'benign' ? source_categories_1.BENIGN_CATEGORY : (0, source_categories_1.taxonomyCode)(r.text, r.category ?? null, r.source ?? name);
            rows.push({ text: r.text, label: r.label, category, lang: r.lang, file: name, heldOut: isHeldOut(r.text) });
        });
    }
    if (problems.length > 0)
        throw new DatasetError(problems);
    return rows;
}
