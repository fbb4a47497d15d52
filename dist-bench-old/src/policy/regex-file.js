"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadRegexRules = loadRegexRules;
/** rules/regex.yaml: pattern rules for PII, secrets and prompt attacks, with validators and masks. */
const zod_1 = require("zod");
const yaml_file_1 = require("./yaml-file");
const regexSchema = zod_1.z.strictObject({
    version: zod_1.z.literal(1),
    rules: zod_1.z.array(zod_1.z.strictObject({
        id: zod_1.z.string().regex(/^[a-z0-9_.-]+$/),
        category: zod_1.z.string().min(1),
        severity: zod_1.z.enum(['low', 'medium', 'high', 'critical']).optional(),
        pattern: zod_1.z.string().min(1),
        flags: zod_1.z.string().regex(/^[ims]*$/).optional(),
        prefilter: zod_1.z.union([zod_1.z.string().min(1), zod_1.z.array(zod_1.z.string().min(1)).min(1)]).optional(),
        validate: zod_1.z.enum(['luhn', 'cn_id', 'none']).optional(),
        mask: zod_1.z.strictObject({ keep_start: zod_1.z.number().int().min(0), keep_end: zod_1.z.number().int().min(0) }).optional(),
        stages: zod_1.z.array(zod_1.z.enum(['input', 'output'])).min(1).optional(),
        description: zod_1.z.string().optional(),
    })),
});
const FIX = 'each rule needs id, category (a taxonomy code) and pattern; optional severity, flags (ims), prefilter (a pattern or list of patterns the text must contain for the rule to match), validate (luhn|cn_id|none), mask {keep_start, keep_end}, stages';
function loadRegexRules(file, taxonomy, problems) {
    const data = (0, yaml_file_1.readYamlFile)(file, regexSchema, problems, FIX);
    if (!data)
        return [];
    const ids = new Set();
    const rules = [];
    for (const r of data.rules) {
        if (ids.has(r.id))
            problems.push(`regex.yaml: rule id ${r.id} is used twice. Fix: give each rule a unique id`);
        ids.add(r.id);
        const category = taxonomy.get(r.category);
        if (!category) {
            problems.push(`regex.yaml: rule ${r.id} has unknown category ${r.category}. Fix: use a code from taxonomy.yaml`);
            continue;
        }
        let regex;
        try {
            regex = new RegExp(r.pattern, `gu${r.flags ?? ''}`);
        }
        catch (err) {
            problems.push(`regex.yaml: rule ${r.id} pattern does not compile in unicode mode (${err.message}). Fix: escape only special characters; test with new RegExp(pattern, "gu")`);
            continue;
        }
        if (regex.test('')) {
            problems.push(`regex.yaml: rule ${r.id} matches the empty string. Fix: require at least one character`);
            continue;
        }
        const prefilters = compilePrefilters(r.id, r.prefilter, r.flags ?? '', problems);
        if (!prefilters)
            continue;
        rules.push({
            id: r.id,
            category: r.category,
            severity: r.severity ?? category.severity,
            regex,
            prefilters,
            validate: r.validate ?? 'none',
            mask: r.mask ? { keepStart: r.mask.keep_start, keepEnd: r.mask.keep_end } : null,
            stages: r.stages ?? ['input', 'output'],
            description: r.description ?? '',
        });
    }
    return rules;
}
/** Prefilters compile with the pattern's flags (case-insensitive rules get case-insensitive checks). */
function compilePrefilters(id, prefilter, flags, problems) {
    const sources = prefilter === undefined ? [] : Array.isArray(prefilter) ? prefilter : [prefilter];
    const out = [];
    for (const source of sources) {
        try {
            out.push(new RegExp(source, `u${flags}`));
        }
        catch (err) {
            problems.push(`regex.yaml: rule ${id} prefilter ${JSON.stringify(source)} does not compile in unicode mode (${err.message}). Fix: write it as a pattern the rule's matches always contain, e.g. '@' or 'sk-'`);
            return null;
        }
    }
    return out;
}
