"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.tokenMatches = tokenMatches;
exports.presentedAdminToken = presentedAdminToken;
exports.createAdminRouter = createAdminRouter;
/**
 * The gateway's own admin API under /admin/v1 (never proxied): rules revision and reload.
 * Authenticated by the admin token (`Authorization: Bearer …` or `x-admin-token`), compared in
 * constant time; without a configured token the admin API does not exist (404).
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const express_1 = __importDefault(require("express"));
const errors_1 = require("../errors");
function tokenMatches(given, expected) {
    if (!given)
        return false;
    // Hash both sides so the comparison is constant-time whatever the lengths.
    const a = node_crypto_1.default.createHash('sha256').update(given).digest();
    const b = node_crypto_1.default.createHash('sha256').update(expected).digest();
    return node_crypto_1.default.timingSafeEqual(a, b);
}
function presentedAdminToken(req) {
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1] : undefined;
    const header = req.headers['x-admin-token'];
    return bearer ?? (typeof header === 'string' ? header : undefined);
}
function createAdminRouter(opts) {
    const router = express_1.default.Router();
    router.use(function requireAdmin(req, _res, next) {
        if (!opts.adminToken)
            return next(new errors_1.GatewayError('not_found', 'The admin API is disabled: set admin_token (ADMIN_TOKEN) to enable it.'));
        if (!tokenMatches(presentedAdminToken(req), opts.adminToken))
            return next(new errors_1.GatewayError('unauthorized', 'A valid admin token is required.'));
        next();
    });
    router.get('/rules', (_req, res) => {
        const rs = opts.rules.current().ruleSet;
        res.json({ revision: rs.revision, loadedAt: new Date(rs.loadedAt).toISOString(), mode: rs.policy.mode, keywords: rs.keywords.length, regexRules: rs.regexes.length, categories: rs.taxonomy.size });
    });
    router.post('/reload', (_req, res) => {
        const result = opts.rules.reload();
        res.status(result.ok ? 200 : 422).json(result);
    });
    return router;
}
