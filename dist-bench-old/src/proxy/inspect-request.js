"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseJsonBody = parseJsonBody;
exports.refusalLang = refusalLang;
exports.createInspectRequest = createInspectRequest;
const duplicate_keys_1 = require("../dialects/duplicate-keys");
const json_path_1 = require("../dialects/json-path");
const errors_1 = require("../errors");
const normalize_1 = require("../policy/normalize");
const end_users_1 = require("../compliance/end-users");
const context_1 = require("./context");
const record_1 = require("./record");
const utf8 = new TextDecoder('utf-8', { fatal: true });
function parseJsonBody(raw) {
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
        throw new errors_1.GatewayError('invalid_request', 'The request body must be a JSON object; it was empty.');
    }
    let text;
    try {
        text = utf8.decode(raw);
    }
    catch {
        throw new errors_1.GatewayError('invalid_utf8', 'The request body is not valid UTF-8.');
    }
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        // The parser's message quotes the body; the error names no content, only the problem.
        throw new errors_1.GatewayError('invalid_json', 'We could not parse the JSON body of your request. (HINT: the body must be valid JSON; see https://www.json.org)');
    }
    if (!(0, json_path_1.isRecord)(body))
        throw new errors_1.GatewayError('invalid_request', 'The request body must be a JSON object.');
    if ((0, duplicate_keys_1.hasDuplicateKey)(text))
        throw new errors_1.GatewayError('invalid_json', 'The JSON body repeats a key within one object; send each key once.');
    return body;
}
/** Characters sampled to pick the refusal language; the start of a prompt says enough. */
const LANG_SAMPLE = 2000;
/** zh when the user's own text is mostly Chinese, so the refusal speaks the user's language. */
function refusalLang(segments, available, fallback) {
    const users = segments.filter((s) => s.role === 'user');
    let cjk = 0;
    let latin = 0;
    let seen = 0;
    for (const s of users.length > 0 ? users : segments) {
        const text = s.text;
        for (let i = 0; i < text.length && seen < LANG_SAMPLE; i++, seen++) {
            const c = text.charCodeAt(i);
            if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))
                latin++;
            else if (c >= 0x3000 && (0, normalize_1.isCjk)(c))
                cjk++;
        }
        if (seen >= LANG_SAMPLE)
            break;
    }
    const lang = cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
    return available[lang] ? lang : fallback;
}
function createInspectRequest(opts) {
    return async function inspectRequest(req, res, next) {
        const ctx = (0, context_1.getContext)(req);
        if (!ctx?.dialect)
            throw new errors_1.GatewayError('internal_error', 'request context missing');
        const dialect = ctx.dialect;
        const body = parseJsonBody(req.body);
        ctx.model = typeof body.model === 'string' ? body.model.slice(0, 200) : null;
        // A request on the default paths may belong to a model route (`model: qwen-*` → upstream B).
        const byModel = ctx.upstream?.prefix === null ? opts.routeForModel(ctx.model) : null;
        if (byModel) {
            ctx.upstream = byModel;
            ctx.engine = opts.engineFor(ctx.tenantOverlay, byModel);
        }
        const engine = ctx.engine;
        const { policy } = engine.ruleSet;
        ctx.streamed = body.stream === true;
        ctx.endUser = (0, end_users_1.endUserOf)(body, req.headers, opts.compliance);
        const segments = dialect.extractInput(body);
        ctx.lang = refusalLang(segments, policy.refusal.text, policy.refusal.defaultLang);
        // Interim Measures Art. 14(2): a suspended end user is refused before anything is inspected.
        const user = (0, end_users_1.checkEndUser)(opts.store, opts.compliance, ctx.endUser);
        if (!user.allowed)
            throw new errors_1.GatewayError('user_suspended', (0, end_users_1.userSuspendedMessage)(ctx.lang), 'user');
        if (user.status)
            res.setHeader('x-compliance-user-status', user.status);
        const endTimer = opts.metrics.inspectSeconds.startTimer({ stage: 'input' });
        const verdict = await engine.inspect(segments, 'input');
        endTimer();
        ctx.inputSegments = segments;
        ctx.inputVerdict = verdict;
        ctx.action = verdict.enforced;
        (0, record_1.recordVerdict)({ store: opts.store, engine, metrics: opts.metrics }, ctx, 'input', segments, verdict);
        if (verdict.enforced === 'block') {
            const refusal = dialect.promptBlocked(policy.refusal.text[ctx.lang], verdict.findings);
            res.status(refusal.status).json(refusal.body);
            return;
        }
        if (verdict.enforced === 'redact') {
            const redactable = verdict.findings.filter((f) => engine.actionFor(f, 'input') === 'redact');
            const texts = engine.redactSegments(segments, redactable);
            segments.forEach((s, i) => {
                if (texts[i] !== s.text)
                    (0, json_path_1.setAtPath)(body, s.path, texts[i]);
            });
            ctx.forwardBody = Buffer.from(JSON.stringify(body));
        }
        else {
            ctx.forwardBody = req.body;
        }
        next();
    };
}
