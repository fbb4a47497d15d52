"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatPath = formatPath;
exports.parsePath = parsePath;
exports.setAtPath = setAtPath;
exports.isRecord = isRecord;
exports.jsonText = jsonText;
/**
 * Segment paths are JSON paths in dotted/bracket form ("messages[2].content[0].text"); dialects
 * record them at extraction and use them to write redacted text back into the same place.
 */
const errors_1 = require("../errors");
function formatPath(tokens) {
    return tokens.map((t, i) => (typeof t === 'number' ? `[${t}]` : i === 0 ? t : `.${t}`)).join('');
}
function parsePath(path) {
    const tokens = [];
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
        tokens.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    return tokens;
}
function isContainer(v) {
    return typeof v === 'object' && v !== null;
}
/** Sets a string at a path that extraction found; own properties only (no prototype walking). */
function setAtPath(root, path, value) {
    const tokens = parsePath(path);
    let cur = root;
    for (const t of tokens.slice(0, -1)) {
        if (!isContainer(cur) || !Object.prototype.hasOwnProperty.call(cur, t))
            throw new Error(`path not found: ${path}`);
        cur = cur[t];
    }
    const last = tokens[tokens.length - 1];
    if (!isContainer(cur) || !Object.prototype.hasOwnProperty.call(cur, last))
        throw new Error(`path not found: ${path}`);
    const target = cur;
    // A segment may be the JSON text of an object (Anthropic tool_use input): write the object back.
    target[last] = typeof target[last] === 'string' ? value : JSON.parse(value);
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * The JSON text of a value the model reads as a whole (a tool's JSON schema, a tool_use input,
 * prompt variables): keys, descriptions and enum values are all text it sees. Refused with 400 when
 * nested too deeply to serialise, rather than passed unchecked.
 */
function jsonText(value) {
    try {
        return JSON.stringify(value) ?? '';
    }
    catch {
        throw new errors_1.GatewayError('invalid_request', 'A JSON value in the request is nested too deeply to be checked.');
    }
}
