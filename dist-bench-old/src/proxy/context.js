"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.setContext = setContext;
exports.getContext = getContext;
const contexts = new WeakMap();
function setContext(req, ctx) {
    contexts.set(req, ctx);
}
function getContext(req) {
    return contexts.get(req);
}
