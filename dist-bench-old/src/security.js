"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.securityHeaders = securityHeaders;
exports.dropGatewayCredentials = dropGatewayCredentials;
const helmet_1 = __importDefault(require("helmet"));
const routes_1 = require("./admin/routes");
function securityHeaders() {
    const api = (0, helmet_1.default)({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
    const dashboard = (0, helmet_1.default)({ contentSecurityPolicy: false });
    return function securityHeadersMiddleware(req, res, next) {
        const isDashboard = req.path === '/dashboard' || req.path.startsWith('/dashboard/');
        (isDashboard ? dashboard : api)(req, res, next);
    };
}
/**
 * The gateway's own credentials (admin, metrics and complaint tokens) are never forwarded upstream,
 * however the client spells the bearer (`bearer`, `BEARER  …`): the proxy drops an Authorization
 * header that carries one. The client's own key passes untouched.
 */
function dropGatewayCredentials(tokens) {
    const own = tokens.filter((t) => typeof t === 'string' && t.length > 0);
    return function dropGatewayCredentialsMiddleware(req, _res, next) {
        const bearer = /^\s*Bearer\s+(.+?)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
        if (bearer && own.some((t) => (0, routes_1.tokenMatches)(bearer, t)))
            delete req.headers.authorization;
        next();
    };
}
