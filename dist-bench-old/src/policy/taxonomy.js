"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadTaxonomy = loadTaxonomy;
exports.categoryMatches = categoryMatches;
/** The category taxonomy: the 31 TC260 risks plus pii.*, secret.* and prompt_attack.* (rules/taxonomy.yaml). */
const zod_1 = require("zod");
const yaml_file_1 = require("./yaml-file");
const severity = zod_1.z.enum(['low', 'medium', 'high', 'critical']);
const taxonomySchema = zod_1.z.strictObject({
    version: zod_1.z.literal(1),
    categories: zod_1.z
        .array(zod_1.z.strictObject({
        code: zod_1.z.string().regex(/^[A-Za-z0-9_.]+$/),
        group: zod_1.z.string().min(1),
        zh: zod_1.z.string().min(1),
        en: zod_1.z.string().min(1),
        severity: severity.default('medium'),
        maps_to: zod_1.z.string().optional(),
    }))
        .min(1),
});
const FIX = 'each category needs code, group, zh, en and optionally severity (low|medium|high|critical) and maps_to, see rules/taxonomy.yaml';
function loadTaxonomy(file, problems) {
    const data = (0, yaml_file_1.readYamlFile)(file, taxonomySchema, problems, FIX);
    const taxonomy = new Map();
    if (!data)
        return taxonomy;
    for (const c of data.categories) {
        if (taxonomy.has(c.code))
            problems.push(`taxonomy.yaml: category ${c.code} is listed twice. Fix: keep one entry`);
        taxonomy.set(c.code, { code: c.code, group: c.group, zh: c.zh, en: c.en, severity: c.severity, mapsTo: c.maps_to });
    }
    for (const c of taxonomy.values()) {
        if (c.mapsTo && !taxonomy.has(c.mapsTo))
            problems.push(`taxonomy.yaml: ${c.code} maps_to unknown code ${c.mapsTo}. Fix: use a code listed in the file`);
    }
    return taxonomy;
}
/** "A.1.*" matches A.1 and A.1.a; "*" matches everything; otherwise an exact code. */
function categoryMatches(glob, code) {
    if (glob === '*')
        return true;
    if (glob.endsWith('.*')) {
        const prefix = glob.slice(0, -2);
        return code === prefix || code.startsWith(`${prefix}.`);
    }
    return glob === code;
}
