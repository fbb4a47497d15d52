"use strict";
/**
 * Wire formats of external classifiers. Each turns texts into one HTTP request and its JSON answer
 * into scores per text, keyed by the endpoint's own category names (mapped to taxonomy codes by the
 * policy). Answers are `unknown` until checked: a malformed answer is an error, never "safe".
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.FORMATS = exports.llmJudge = exports.openaiModeration = exports.FormatError = void 0;
exports.judgePrompt = judgePrompt;
exports.parseJudgeVerdict = parseJudgeVerdict;
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
class FormatError extends Error {
    constructor(message) {
        super(message);
        this.name = 'FormatError';
    }
}
exports.FormatError = FormatError;
/** OpenAI moderation: POST {input: [texts]} → {results: [{categories, category_scores}]}. */
exports.openaiModeration = {
    batch: 'all',
    request: (texts, model) => ({ body: { input: texts.map((t) => t.text), ...(model ? { model } : {}) } }),
    parse(json, count) {
        const results = isRecord(json) ? json.results : undefined;
        if (!Array.isArray(results) || results.length !== count)
            throw new FormatError(`moderation answer has no results array of ${count}`);
        return results.map((r) => {
            if (!isRecord(r) || !isRecord(r.category_scores))
                throw new FormatError('moderation result has no category_scores');
            const scores = {};
            for (const [name, v] of Object.entries(r.category_scores))
                if (typeof v === 'number')
                    scores[name] = v;
            // Some compatible servers send only booleans: a flagged category counts as certain.
            if (isRecord(r.categories))
                for (const [name, v] of Object.entries(r.categories))
                    if (v === true)
                        scores[name] = Math.max(scores[name] ?? 0, 1);
            return scores;
        });
    },
};
/** Llama Guard 3 hazard categories, as its model card lists them. */
const LLAMA_GUARD_CATEGORIES = [
    'S1: Violent Crimes.', 'S2: Non-Violent Crimes.', 'S3: Sex Crimes.', 'S4: Child Exploitation.', 'S5: Defamation.',
    'S6: Specialized Advice.', 'S7: Privacy.', 'S8: Intellectual Property.', 'S9: Indiscriminate Weapons.', 'S10: Hate.',
    'S11: Self-Harm.', 'S12: Sexual Content.', 'S13: Elections.', 'S14: Code Interpreter Abuse.',
];
function judgePrompt(text, role) {
    return [
        `Task: Check if there is unsafe content in '${role}' messages in conversations according to our safety policy with the below categories.`,
        '<BEGIN UNSAFE CONTENT CATEGORIES>', ...LLAMA_GUARD_CATEGORIES, '<END UNSAFE CONTENT CATEGORIES>',
        '<BEGIN CONVERSATION>', `${role}: ${text}`, '<END CONVERSATION>',
        `Provide your safety assessment for ONLY THE LAST ${role} message in the above conversation:`,
        "- First line must read 'safe' or 'unsafe'.",
        '- If unsafe, a second line must include a comma-separated list of violated categories.',
    ].join('\n');
}
/** "safe" → {}; "unsafe\nS1,S10" → {S1: 1, S10: 1}. Anything else is an error. */
function parseJudgeVerdict(content) {
    const [first, second = ''] = content.trim().split(/\r?\n/).map((l) => l.trim());
    if (/^safe$/i.test(first))
        return {};
    if (!/^unsafe$/i.test(first))
        throw new FormatError('judge answer starts with neither "safe" nor "unsafe"');
    const scores = {};
    for (const code of second.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))
        scores[code] = 1;
    // "unsafe" without categories still means unsafe: the policy can map "unsafe" itself.
    if (Object.keys(scores).length === 0)
        scores.unsafe = 1;
    return scores;
}
/** An LLM judge behind any OpenAI-compatible chat endpoint: one text per request. */
exports.llmJudge = {
    batch: 'one',
    request: (texts, model) => ({
        body: {
            model: model ?? 'llama-guard',
            temperature: 0,
            max_tokens: 20,
            messages: [{ role: 'user', content: judgePrompt(texts[0].text, texts[0].role === 'assistant' ? 'Agent' : 'User') }],
        },
    }),
    parse(json) {
        const choices = isRecord(json) ? json.choices : undefined;
        const message = Array.isArray(choices) && isRecord(choices[0]) ? choices[0].message : undefined;
        const content = isRecord(message) ? message.content : undefined;
        if (typeof content !== 'string')
            throw new FormatError('judge answer has no choices[0].message.content');
        return [parseJudgeVerdict(content)];
    },
};
exports.FORMATS = {
    openai_moderation: exports.openaiModeration,
    llm_judge: exports.llmJudge,
};
