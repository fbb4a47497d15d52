"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.labelingSchema = void 0;
exports.aigcMetadata = aigcMetadata;
exports.aigcHeaderValue = aigcHeaderValue;
exports.isReadableText = isReadableText;
exports.applyExplicitLabel = applyExplicitLabel;
/**
 * AI-generated content labels (GB 45438-2025, in force 1 Sep 2025): an explicit text label added to
 * the output, and an implicit label — the `AIGC` metadata (Label, ContentProducer, ProduceID,
 * ReservedCode1, ContentPropagator, PropagateID, ReservedCode2) — sent in a response header and
 * in the response body. Configured per policy in rules/policy.yaml (`labeling:`).
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const zod_1 = require("zod");
const json_path_1 = require("../dialects/json-path");
exports.labelingSchema = zod_1.z.strictObject({
    explicit: zod_1.z
        .strictObject({
        enabled: zod_1.z.boolean().default(false),
        text: zod_1.z.string().min(1).default('【AI生成】'),
        position: zod_1.z.enum(['prefix', 'suffix']).default('prefix'),
    })
        .prefault({}),
    implicit: zod_1.z
        .strictObject({
        enabled: zod_1.z.boolean().default(false),
        /** Header carrying the AIGC JSON. */
        header: zod_1.z.string().regex(/^[A-Za-z0-9-]+$/).default('AIGC'),
        /** Label: "1" AI-generated, "2" possibly AI-generated, "3" suspected AI-generated (GB 45438 §5). */
        label: zod_1.z.enum(['1', '2', '3']).default('1'),
        /** The service provider's name or code (ContentProducer). */
        content_producer: zod_1.z.string().min(1).default('compliance-gateway'),
        /** Set when the gateway's operator publishes the content (ContentPropagator). */
        content_propagator: zod_1.z.string().default(''),
    })
        .prefault({}),
});
/**
 * The implicit label for one response. ProduceID is the gateway's request id (unique, and the key of
 * the audit row); ReservedCode1 is a SHA-256 over producer and id, an integrity code a recipient can
 * recompute.
 */
function aigcMetadata(labeling, produceId) {
    const { implicit } = labeling;
    const integrity = node_crypto_1.default.createHash('sha256').update(`${implicit.content_producer}\n${produceId}`).digest('hex').slice(0, 32);
    return {
        Label: implicit.label,
        ContentProducer: implicit.content_producer,
        ProduceID: produceId,
        ReservedCode1: integrity,
        ContentPropagator: implicit.content_propagator,
        PropagateID: implicit.content_propagator ? produceId : '',
        ReservedCode2: '',
    };
}
/** Header value: compact JSON, with non-ASCII escaped so it is a valid HTTP field value. */
function aigcHeaderValue(meta) {
    return JSON.stringify(meta).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** Output texts that a reader sees (not tool arguments or tool input JSON). */
function isReadableText(path) {
    return /(content|text|\.text)$/.test(path) && !/arguments$|input$/.test(path);
}
/** Index of the answer (choice / output item / message) a segment belongs to. */
function owner(path) {
    return /^(?:choices|output)\[(\d+)\]/.exec(path)?.[1] ?? 'message';
}
/** Adds the explicit label to the first (prefix) or last (suffix) readable text of every answer. */
function applyExplicitLabel(body, segments, labeling) {
    const { text, position } = labeling.explicit;
    const chosen = new Map();
    for (const s of segments) {
        if (!isReadableText(s.path))
            continue;
        const key = owner(s.path);
        if (position === 'suffix' || !chosen.has(key))
            chosen.set(key, s);
    }
    for (const s of chosen.values())
        (0, json_path_1.setAtPath)(body, s.path, position === 'prefix' ? text + s.text : s.text + text);
}
