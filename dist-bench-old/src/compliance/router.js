"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.complaintSchema = void 0;
exports.createComplianceRouter = createComplianceRouter;
/**
 * HTTP routes of the compliance workflow, as an express Router the gateway mounts:
 *   app.use('/compliance/v1', createComplianceRouter({ store, config }))
 *
 * POST /complaints (Interim Measures Art. 15): `Authorization: Bearer <compliance.complaint_token>`,
 * body {request_id?, text?, category?, contact?} (at least one of request_id / text). 201 with the
 * complaint id and its response deadline. Errors: {"error":{"code","message","issues"?}}.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const express_1 = __importDefault(require("express"));
const zod_1 = require("zod");
const complaints_1 = require("../audit/complaints");
exports.complaintSchema = zod_1.z
    .strictObject({
    request_id: zod_1.z.string().trim().min(1).max(200).optional(),
    text: zod_1.z.string().trim().min(1).max(20_000).optional(),
    category: zod_1.z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use a taxonomy code such as A.1.f').optional(),
    contact: zod_1.z.string().trim().min(1).max(320).optional(),
})
    .refine((b) => b.request_id !== undefined || b.text !== undefined, { message: 'give request_id (from the x-request-id header) or text', path: ['text'] });
function fail(res, status, code, message, issues) {
    res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}) } });
}
function tokenMatches(header, token) {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!m)
        return false;
    const given = node_crypto_1.default.createHash('sha256').update(m[1].trim()).digest();
    const want = node_crypto_1.default.createHash('sha256').update(token).digest();
    return node_crypto_1.default.timingSafeEqual(given, want); // equal-length digests: no timing leak of the token
}
async function maskText(engine, text) {
    if (!engine)
        return undefined;
    const e = engine();
    const segments = [{ path: 'complaint', text }];
    const verdict = await e.inspect(segments, 'input');
    return e.redactSegments(segments, verdict.findings)[0];
}
function createComplianceRouter(opts) {
    const router = express_1.default.Router();
    const now = opts.now ?? Date.now;
    router.post('/complaints', (req, res, next) => {
        const token = opts.config.complaint_token;
        if (!token)
            return fail(res, 503, 'not_configured', 'complaint intake is not configured; set compliance.complaint_token in the gateway config');
        if (!tokenMatches(req.headers.authorization, token))
            return fail(res, 401, 'unauthorized', 'send the complaint token as `Authorization: Bearer <token>`');
        next();
    }, express_1.default.json({ limit: '64kb', strict: true }), (req, res, next) => {
        const parsed = exports.complaintSchema.safeParse(req.body ?? {});
        if (!parsed.success) {
            const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
            return fail(res, 400, 'invalid_request', 'the complaint body is invalid', issues);
        }
        const body = parsed.data;
        maskText(opts.engine, body.text ?? '')
            .then((masked) => {
            const receipt = (0, complaints_1.recordComplaint)(opts.store, {
                requestId: body.request_id, text: body.text, maskedText: body.text === undefined ? undefined : masked,
                category: body.category, contact: body.contact, receivedAt: now(), responseDays: opts.config.complaint_response_days,
            });
            res.status(201).json({
                complaint_id: receipt.complaintId,
                request_id: receipt.requestId,
                status: 'received',
                response_deadline: new Date(receipt.responseDeadline).toISOString(),
            });
        })
            .catch(next);
    });
    // Body-parser failures (malformed JSON, too large) and store failures, in the same JSON shape.
    router.use((err, _req, res, _next) => {
        const e = err;
        if (e.type === 'entity.parse.failed')
            return fail(res, 400, 'invalid_request', 'the body is not valid JSON');
        if (e.type === 'entity.too.large')
            return fail(res, 413, 'invalid_request', 'the complaint body is larger than 64kb');
        fail(res, 500, 'internal_error', 'the complaint could not be recorded; try again later');
    });
    return router;
}
