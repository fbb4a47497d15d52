"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.splitSegments = splitSegments;
exports.promptFromSegments = promptFromSegments;
exports.outputFromSegments = outputFromSegments;
exports.parseMessages = parseMessages;
exports.normalizedForGrouping = normalizedForGrouping;
exports.groupKey = groupKey;
exports.recordViolationPrompt = recordViolationPrompt;
exports.messagesFromSegments = messagesFromSegments;
/**
 * The prompt behind a violation, as far as the audit trail keeps it. An input-stage row stores the
 * prompt's segments as "path: text" lines (per the storage mode); an output-stage row stores the
 * output, and its prompt only when the gateway also called recordViolationPrompt. Roles are not in
 * the segment paths, so a prompt rebuilt from segment lines is one user message.
 */
const normalize_1 = require("../policy/normalize");
const chain_1 = require("./chain");
const schema_1 = require("./schema");
const ROLES = ['system', 'developer', 'user', 'assistant'];
/** A segment line starts with its JSON path (see src/proxy/record.ts joinSegments). */
const SEGMENT_LINE = /^((?:messages|prompt|input|instructions|tools|choices|output)(?:\[\d+\]|\.[A-Za-z_]+)*): /;
/** Splits "path: text" lines back into segments; lines without a path continue the previous text. */
function splitSegments(content) {
    const out = [];
    for (const line of content.split('\n')) {
        const m = SEGMENT_LINE.exec(line);
        if (m)
            out.push({ path: m[1], text: line.slice(m[0].length) });
        else if (out.length > 0)
            out[out.length - 1].text += `\n${line}`;
        else
            out.push({ path: '', text: line });
    }
    return out;
}
/** The prompt text of an input row: every segment except tool definitions, in order. */
function promptFromSegments(content) {
    return splitSegments(content)
        .filter((s) => !s.path.startsWith('tools'))
        .map((s) => s.text)
        .join('\n');
}
/** The model's text of an output row (segment paths dropped). */
function outputFromSegments(content) {
    return splitSegments(content).map((s) => s.text).join('\n');
}
function parseMessages(json) {
    if (json === null)
        return null;
    try {
        const value = JSON.parse(json);
        if (!Array.isArray(value))
            return null;
        const ok = value.every((m) => typeof m === 'object' && m !== null && ROLES.includes(m.role) && typeof m.content === 'string');
        return ok ? value : null;
    }
    catch {
        return null;
    }
}
/** Normalized (NFKC, case-folded, invisibles removed, whitespace collapsed) text for grouping. */
function normalizedForGrouping(text) {
    return (0, normalize_1.normalize)(text).text.trim();
}
function groupKey(category, subject) {
    return `${category}:${(0, chain_1.sha256Hex)(normalizedForGrouping(subject))}`;
}
/**
 * Records the prompt of a violation (call it for output-stage violations, so retraining exports and
 * replay have the prompt that produced the output). Content follows the store's storage mode.
 */
function recordViolationPrompt(store, p) {
    const clean = (ms) => ms.map((m) => ({ role: m.role, content: (0, schema_1.wellFormed)(m.content) }));
    const raw = JSON.stringify(clean(p.messages));
    const mode = store.storageMode;
    const stored = mode === 'full' ? raw : mode === 'masked' && p.maskedMessages ? JSON.stringify(clean(p.maskedMessages)) : null;
    store.withDb('recordViolationPrompt', (db) => db
        .prepare('INSERT OR REPLACE INTO violation_prompts (violation_id, storage_mode, messages, content_sha256) VALUES (?, ?, ?, ?)')
        .run(p.violationId, mode, stored, (0, chain_1.sha256Hex)(raw)));
}
/**
 * The prompt as chat messages from the gateway's input segments (each segment carries its role):
 * tool definitions are dropped; tool results and unknown roles become user turns.
 */
function messagesFromSegments(segments, texts) {
    const out = [];
    segments.forEach((s, i) => {
        if (s.role === 'tool_definition')
            return;
        const role = s.role === 'system' || s.role === 'developer' || s.role === 'assistant' ? s.role : 'user';
        out.push({ role, content: texts?.[i] ?? s.text });
    });
    return out;
}
