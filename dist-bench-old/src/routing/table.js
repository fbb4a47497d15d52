"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RouteTable = void 0;
exports.modelGlob = modelGlob;
function modelGlob(glob) {
    return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}
class RouteTable {
    fallback;
    prefixed;
    byModelList;
    constructor(routes, fallback) {
        this.fallback = fallback;
        this.prefixed = routes.filter((r) => r.prefix !== null).sort((a, b) => b.prefix.length - a.prefix.length);
        this.byModelList = routes.filter((r) => r.models.length > 0 && r.prefix === null);
    }
    /** The route for a canonical path and the path it has upstream; null when none serves it. */
    resolve(canonical) {
        for (const r of this.prefixed) {
            const p = r.prefix;
            if (canonical === p || canonical.startsWith(`${p}/`))
                return { route: r, inner: canonical.slice(p.length) || '/' };
        }
        if (this.fallback && (canonical === '/v1' || canonical.startsWith('/v1/')))
            return { route: this.fallback, inner: canonical };
        return null;
    }
    /** A model route for a request on the default paths, when its model matches one. */
    byModel(model) {
        if (!model)
            return null;
        return this.byModelList.find((r) => r.models.some((g) => g.test(model))) ?? null;
    }
}
exports.RouteTable = RouteTable;
