"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RulesError = void 0;
exports.loadRuleSet = loadRuleSet;
/**
 * Loads a rules directory (taxonomy, policy, regex rules, keyword lists) into one immutable RuleSet.
 * Every problem in every file is collected and reported at once; an invalid directory is refused,
 * never half-loaded. The revision is a hash of every file's bytes, recorded with each decision.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const model_1 = require("../classifier/model");
const keywords_file_1 = require("./keywords-file");
const policy_file_1 = require("./policy-file");
const regex_file_1 = require("./regex-file");
const taxonomy_1 = require("./taxonomy");
class RulesError extends Error {
    problems;
    constructor(dir, problems) {
        super(`invalid rules in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        this.name = 'RulesError';
        this.problems = problems;
    }
}
exports.RulesError = RulesError;
function listFiles(dir, ext) {
    if (!node_fs_1.default.existsSync(dir))
        return [];
    return node_fs_1.default
        .readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
        .map((f) => node_path_1.default.join(dir, f));
}
function loadRuleSet(dir) {
    const problems = [];
    if (!node_fs_1.default.existsSync(node_path_1.default.join(dir, 'taxonomy.yaml'))) {
        throw new RulesError(dir, [`no taxonomy.yaml in ${dir}. Fix: point --rules / RULES_DIR at a rules folder such as the project's rules/`]);
    }
    const taxonomy = (0, taxonomy_1.loadTaxonomy)(node_path_1.default.join(dir, 'taxonomy.yaml'), problems);
    const policy = (0, policy_file_1.loadPolicy)(node_path_1.default.join(dir, 'policy.yaml'), taxonomy, problems);
    const regexFile = node_path_1.default.join(dir, 'regex.yaml');
    const regexes = node_fs_1.default.existsSync(regexFile) ? (0, regex_file_1.loadRegexRules)(regexFile, taxonomy, problems) : [];
    const keywordFiles = listFiles(node_path_1.default.join(dir, 'keywords'), '.txt');
    const keywords = keywordFiles.flatMap((f) => (0, keywords_file_1.loadKeywordFile)(f, taxonomy, problems));
    const modelFile = policy?.classifiers?.local ? node_path_1.default.resolve(dir, policy.classifiers.local.model) : undefined;
    const classifierModel = modelFile ? ((0, model_1.loadModel)(modelFile, problems) ?? undefined) : undefined;
    if (problems.length > 0 || !policy)
        throw new RulesError(dir, problems);
    const hash = node_crypto_1.default.createHash('sha256');
    for (const file of [node_path_1.default.join(dir, 'taxonomy.yaml'), node_path_1.default.join(dir, 'policy.yaml'), regexFile, ...keywordFiles, ...(modelFile ? [modelFile] : [])]) {
        if (!node_fs_1.default.existsSync(file))
            continue;
        hash.update(node_path_1.default.relative(dir, file)).update('\0').update(node_fs_1.default.readFileSync(file)).update('\0');
    }
    return { dir, revision: hash.digest('hex').slice(0, 16), loadedAt: Date.now(), taxonomy, policy, keywords, regexes, classifierModel };
}
