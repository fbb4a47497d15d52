"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TenantDirectory = exports.GATEWAY_KEY_HEADER = void 0;
/**
 * Tenants: identified by a gateway key in `x-gateway-key` (the config holds only its SHA-256; the
 * header never goes upstream) or, behind a trusted auth proxy, by a configured header. Clients
 * cannot pick another tenant's policy without its key.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const errors_1 = require("../errors");
exports.GATEWAY_KEY_HEADER = 'x-gateway-key';
class TenantDirectory {
    cfg;
    byKey = new Map();
    byId = new Map();
    constructor(cfg) {
        this.cfg = cfg;
        for (const t of cfg.list) {
            const tenant = { id: t.id, overlay: t.policy, requestsPerMinute: t.requests_per_minute };
            this.byId.set(t.id, tenant);
            for (const h of t.key_sha256)
                this.byKey.set(h, tenant);
        }
    }
    /** The request's tenant, null when none is identified, or a GatewayError (401) for a bad key. */
    resolve(headers) {
        const key = headers[exports.GATEWAY_KEY_HEADER];
        if (typeof key === 'string') {
            const tenant = this.byKey.get(node_crypto_1.default.createHash('sha256').update(key).digest('hex'));
            if (!tenant)
                throw new errors_1.GatewayError('unauthorized', 'The gateway key is not valid.');
            return tenant;
        }
        const header = this.cfg.trusted_header ? headers[this.cfg.trusted_header.toLowerCase()] : undefined;
        if (typeof header === 'string' && header !== '')
            return this.byId.get(header) ?? { id: header.slice(0, 100) };
        if (this.cfg.required)
            throw new errors_1.GatewayError('unauthorized', `A gateway key (${exports.GATEWAY_KEY_HEADER}) is required.`);
        return null;
    }
}
exports.TenantDirectory = TenantDirectory;
