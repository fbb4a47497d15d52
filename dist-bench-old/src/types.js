"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SEVERITIES = exports.ACTIONS = void 0;
exports.strongerAction = strongerAction;
exports.ACTIONS = ['allow', 'flag', 'redact', 'block'];
exports.SEVERITIES = ['low', 'medium', 'high', 'critical'];
function strongerAction(a, b) {
    return exports.ACTIONS.indexOf(a) >= exports.ACTIONS.indexOf(b) ? a : b;
}
