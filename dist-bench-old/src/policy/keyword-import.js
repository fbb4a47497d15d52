"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.importKeywords = importKeywords;
/**
 * `rules import`: brings a plain-text keyword library (10k–1M entries) into rules/keywords/. Each
 * line is either `word` (the category comes from --category) or `code<TAB>word` (a TC260 code per
 * line, e.g. "A.1.h\t网络赌场"); `#` lines are comments. Entries are appended to
 * `<code>.<topic>.<lang>.txt`, one file per code, skipping those the file already has (compared
 * after normalization). One pass over the input, one write per file: a million lines take seconds.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const normalize_1 = require("./normalize");
function existingKeys(file) {
    const keys = new Set();
    if (!node_fs_1.default.existsSync(file))
        return keys;
    for (const raw of node_fs_1.default.readFileSync(file, 'utf8').split(/\r?\n/)) {
        const line = raw.trim();
        if (line !== '' && !line.startsWith('#'))
            keys.add((0, normalize_1.normalizeText)(line));
    }
    return keys;
}
function importKeywords(opts) {
    const problems = [];
    if (!/^[a-z]{2,3}(-[A-Za-z]+)?$/.test(opts.lang))
        problems.push(`--lang "${opts.lang}" is not a language code. Fix: use zh, en, …`);
    if (opts.category && !opts.taxonomy.has(opts.category))
        problems.push(`--category ${opts.category} is not in taxonomy.yaml. Fix: use a code such as A.1.h`);
    const topic = opts.topic ?? 'imported';
    if (!/^[a-z0-9_-]+$/.test(topic))
        problems.push(`--topic "${topic}" may use only a-z, 0-9, _ and -`);
    if (problems.length > 0)
        return { files: [], added: 0, duplicates: 0, problems };
    const byCode = new Map();
    let duplicates = 0;
    const seen = new Map();
    const lines = node_fs_1.default.readFileSync(opts.file, 'utf8').split(/\r?\n/);
    lines.forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const tab = line.indexOf('\t');
        const code = tab >= 0 ? line.slice(0, tab).trim() : opts.category;
        const word = (tab >= 0 ? line.slice(tab + 1) : line).trim();
        if (!code)
            return void problems.push(`${node_path_1.default.basename(opts.file)}:${i + 1}: no category. Fix: write "code<TAB>word" or pass --category`);
        if (!opts.taxonomy.has(code))
            return void problems.push(`${node_path_1.default.basename(opts.file)}:${i + 1}: unknown category "${code}". Fix: use a code from taxonomy.yaml`);
        const key = (0, normalize_1.normalizeText)(word);
        if (key.length < 2)
            return void problems.push(`${node_path_1.default.basename(opts.file)}:${i + 1}: "${word}" is shorter than 2 characters. Fix: drop it or use a longer phrase`);
        let keys = seen.get(code);
        if (!keys) {
            keys = existingKeys(node_path_1.default.join(opts.rulesDir, 'keywords', `${code}.${topic}.${opts.lang}.txt`));
            seen.set(code, keys);
        }
        if (keys.has(key))
            return void duplicates++;
        keys.add(key);
        const list = byCode.get(code) ?? [];
        list.push(word);
        byCode.set(code, list);
    });
    const files = [];
    let added = 0;
    for (const [code, words] of byCode) {
        const file = node_path_1.default.join(opts.rulesDir, 'keywords', `${code}.${topic}.${opts.lang}.txt`);
        const exists = node_fs_1.default.existsSync(file);
        const header = exists ? '' : `# ${code} — imported from ${node_path_1.default.basename(opts.file)} by compliance-gateway rules import\n`;
        const prefix = exists && !node_fs_1.default.readFileSync(file, 'utf8').endsWith('\n') ? '\n' : '';
        node_fs_1.default.mkdirSync(node_path_1.default.dirname(file), { recursive: true });
        node_fs_1.default.appendFileSync(file, `${header}${prefix}${words.join('\n')}\n`);
        files.push({ file: node_path_1.default.relative(opts.rulesDir, file), added: words.length, kept: (seen.get(code)?.size ?? words.length) - words.length });
        added += words.length;
    }
    return { files, added, duplicates, problems };
}
