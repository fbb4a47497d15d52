"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.maskValue = maskValue;
exports.excerpt = excerpt;
exports.redact = redact;
/** Replaces the middle of a value with '*', one per code point, keeping the given edges. */
function maskValue(value, mask) {
    const chars = Array.from(value);
    const keep = mask.keepStart + mask.keepEnd;
    // Never reveal most of a short value: keep edges only when at least half stays hidden.
    if (keep === 0 || keep * 2 > chars.length)
        return '*'.repeat(chars.length);
    return chars.slice(0, mask.keepStart).join('') + '*'.repeat(chars.length - keep) + chars.slice(chars.length - mask.keepEnd).join('');
}
const CONTEXT = 16;
/** The matched span (masked as given) with a little context, newlines flattened. */
function excerpt(text, span, mask) {
    const [start, end] = span;
    const before = text.slice(Math.max(0, start - CONTEXT), start);
    const after = text.slice(end, end + CONTEXT);
    const hit = text.slice(start, end);
    const shown = mask ? maskValue(hit, mask) : hit;
    const out = `${start > CONTEXT ? '…' : ''}${before}[${shown}]${after}${end + CONTEXT < text.length ? '…' : ''}`;
    return out.replace(/\s+/g, ' ');
}
/** Applies masks to spans of one text; overlapping spans are merged and fully masked. */
function redact(text, spans) {
    if (spans.length === 0)
        return text;
    const sorted = [...spans].sort((a, b) => a.span[0] - b.span[0]);
    const merged = [];
    for (const s of sorted) {
        const last = merged[merged.length - 1];
        if (last && s.span[0] < last.span[1]) {
            last.span = [last.span[0], Math.max(last.span[1], s.span[1])];
            last.mask = { keepStart: 0, keepEnd: 0 };
        }
        else {
            merged.push({ span: [s.span[0], s.span[1]], mask: s.mask });
        }
    }
    let out = '';
    let pos = 0;
    for (const m of merged) {
        out += text.slice(pos, m.span[0]) + maskValue(text.slice(m.span[0], m.span[1]), m.mask);
        pos = m.span[1];
    }
    return out + text.slice(pos);
}
