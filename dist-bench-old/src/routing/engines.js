"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EngineVariants = void 0;
/**
 * The engine for a request: the current rules revision under the policy overlays of its tenant and
 * route (global → tenant → route). Variants share the revision's detectors and are cached until
 * the revision changes.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const overlay_1 = require("../policy/overlay");
class EngineVariants {
    revision = '';
    cache = new Map();
    get(base, overlays) {
        const layers = overlays.filter((o) => o !== undefined);
        if (layers.length === 0)
            return base;
        if (base.ruleSet.revision !== this.revision) {
            this.revision = base.ruleSet.revision;
            this.cache.clear();
        }
        const key = node_crypto_1.default.createHash('sha256').update(JSON.stringify(layers)).digest('hex').slice(0, 8);
        let engine = this.cache.get(key);
        if (!engine) {
            engine = base.withPolicy((0, overlay_1.applyOverlays)(base.ruleSet.policy, layers), key);
            this.cache.set(key, engine);
        }
        return engine;
    }
}
exports.EngineVariants = EngineVariants;
