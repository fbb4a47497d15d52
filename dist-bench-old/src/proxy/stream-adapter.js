"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventJson = eventJson;
exports.nothing = nothing;
const json_path_1 = require("../dialects/json-path");
/** An event's data as a JSON object; null for comments, `[DONE]`, and anything else. */
function eventJson(ev) {
    if (ev.comment !== undefined || ev.data === '[DONE]')
        return null;
    try {
        const v = JSON.parse(ev.data);
        return (0, json_path_1.isRecord)(v) ? v : null;
    }
    catch {
        return null;
    }
}
/** What `read` returns for an event that carries nothing the guard needs. */
function nothing() {
    return { deltas: [], finishing: [], terminal: false };
}
