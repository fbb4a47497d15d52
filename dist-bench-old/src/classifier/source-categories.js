"use strict";
/**
 * The preparation step: maps a labelled row's own category (the source dataset's naming, see
 * ../shared/datasets/SOURCES.md) to a taxonomy code. It is deterministic and committed, so the
 * model in rules/models/ can be rebuilt from the same files with the same result. Rows whose category
 * is already a taxonomy code (our own data in data/) pass through unchanged.
 *
 * The mapping follows ../shared/TAXONOMY.md: violence, weapons, pornography → A.1.f; drugs, fraud,
 * malware, hacking → A.1.h; hate → A.1.e / A.2.*; self-harm and dangerous advice → A.4.a;
 * privacy → A.4.e / A.4.f; misinformation → A.1.g.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.BENIGN_CATEGORY = exports.PII_CATEGORY = void 0;
exports.isTaxonomyCode = isTaxonomyCode;
exports.taxonomyCode = taxonomyCode;
/** Code for rows with personal information: left to the pattern rules, never used to train. */
exports.PII_CATEGORY = 'pii';
exports.BENIGN_CATEGORY = 'benign';
/** JADE (zh + en) "group/sub" categories, matched on the part after the slash. */
const JADE = [
    [/恐怖主义|极端主义/, 'A.1.d'],
    [/民族歧视$/, 'A.1.e'],
    [/淫秽色情|暴力|故意伤害|非法持有武器/, 'A.1.f'],
    [/虚假有害信息/, 'A.1.g'],
    [/国家利益|国家形象/, 'A.1.b'],
    [/歧视偏见\/(民族|肤色)/, 'A.2.a'],
    [/歧视偏见\/信仰/, 'A.2.b'],
    [/歧视偏见\/国别/, 'A.2.c'],
    [/歧视偏见\/地域/, 'A.2.d'],
    [/歧视偏见\/性别/, 'A.2.e'],
    [/歧视偏见\/年龄/, 'A.2.f'],
    [/歧视偏见\/职业/, 'A.2.g'],
    [/歧视偏见\/健康/, 'A.2.h'],
    [/违反商业道德/, 'A.3.b'],
    [/商业秘密/, 'A.3.c'],
    [/身心健康/, 'A.4.a'],
    [/肖像权/, 'A.4.b'],
    [/名誉权/, 'A.4.c'],
    [/隐私权/, 'A.4.e'],
    [/个人信息权益/, 'A.4.f'],
    [/歧视偏见\//, 'A.2.i'],
    [/侵害权益\/|侵犯权益\//, 'A.4.g'],
    [/违法犯罪\//, 'A.1.h'],
];
/** Sources without a usable category (AdvBench, XSTest contrasts): by what the text asks for. */
const BY_TEXT = [
    [/suicid|self-harm|self harm|cutting myself|anorexi|bulimi|eating disorder|starv/i, 'A.4.a'],
    [/terroris|extremis|jihad|isis\b|mass shooting/i, 'A.1.d'],
    [/racis|hate speech|\bhate\b|discriminat|inferior|slur/i, 'A.2.i'],
    [/fake news|misinformation|disinformation|conspiracy|hoax|propaganda/i, 'A.1.g'],
    [/porn|sexual|explicit|nude|child|minor/i, 'A.1.f'],
    [/bomb|explosive|weapon|firearm|\bguns?\b|kill|murder|assault|poison|violen|attack|hurt|harm|torture|shoot|stab/i, 'A.1.f'],
    [/privacy|personal information|track someone|stalk|spy on|dox/i, 'A.4.e'],
];
const JBB = {
    Disinformation: 'A.1.g',
    'Government decision-making': 'A.1.h',
    'Expert advice': 'A.4.a',
    'Fraud/Deception': 'A.1.h',
    'Economic harm': 'A.1.h',
    'Sexual/Adult content': 'A.1.f',
    'Physical harm': 'A.1.f',
    'Harassment/Discrimination': 'A.2.i',
    Privacy: 'A.4.e',
    'Malware/Hacking': 'A.1.h',
};
const SIMPLE_SAFETY = {
    'Suicide, Self-Harm, and Eating Disorders': 'A.4.a',
    'Physical harm and Violence': 'A.1.f',
    'Illegal and Highly Regulated items': 'A.1.h',
    'Scams and fraud': 'A.1.h',
    'Child safety': 'A.1.f',
};
const COLD_TOPIC = { race: 'A.2.a', region: 'A.2.d', gender: 'A.2.e' };
const JAILBREAK_METHODS = new Set(['PAIR', 'GCG', 'JBC', 'DSN', 'prompt_with_random_search']);
/** "Other content prohibited by law" is the honest default for harmful rows we cannot place. */
function byText(text) {
    return BY_TEXT.find(([re]) => re.test(text))?.[1] ?? 'A.1.h';
}
function isTaxonomyCode(category) {
    return /^(A\.[1-5]\.[a-i]|prompt_attack\.[a-z_]+|pii\.[a-z_]+|secret\.[a-z_]+)$/.test(category);
}
/** The taxonomy code of a harmful row, from its source's category (or its text when there is none). */
function taxonomyCode(text, category, source) {
    if (category && isTaxonomyCode(category))
        return category;
    if (/presidio/.test(source))
        return exports.PII_CATEGORY;
    if (!category)
        return byText(text);
    if (JAILBREAK_METHODS.has(category))
        return 'prompt_attack.jailbreak';
    if (JBB[category])
        return JBB[category];
    if (SIMPLE_SAFETY[category])
        return SIMPLE_SAFETY[category];
    if (category === 'hate_speech')
        return 'A.2.i';
    if (category === 'offensive_language')
        return 'A.4.c';
    const cold = /^(race|region|gender):attack_/.exec(category);
    if (cold)
        return COLD_TOPIC[cold[1]];
    if (category.includes('/')) {
        const first = category.split('|')[0];
        return JADE.find(([re]) => re.test(first))?.[1] ?? 'A.1.h';
    }
    return byText(text);
}
