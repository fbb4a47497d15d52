"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hasDuplicateKey = hasDuplicateKey;
/**
 * Finds a repeated key in one JSON object of an already-valid JSON text. RFC 8259 leaves duplicate
 * names to the parser: JSON.parse keeps the last value, some parsers keep the first, some refuse. The
 * gateway inspects what JSON.parse saw but forwards the original bytes, so an upstream that keeps the
 * first `messages` would read text nobody checked: such bodies are refused instead.
 * One pass, no recursion (nesting depth cannot overflow the stack).
 */
function hasDuplicateKey(text) {
    // One entry per open container: the keys seen so far for an object, null for an array.
    const stack = [];
    let expectKey = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x22 /* " */) {
            let j = i + 1;
            let escaped = false;
            while (j < text.length) {
                const c = text.charCodeAt(j);
                if (c === 0x5c /* \ */) {
                    escaped = true;
                    j += 2;
                    continue;
                }
                if (c === 0x22)
                    break;
                j++;
            }
            const top = stack[stack.length - 1];
            if (expectKey && top) {
                const raw = text.slice(i + 1, j);
                // Escapes spell the same key several ways ("a" and "\u0061"): compare decoded keys.
                const key = escaped ? JSON.parse(text.slice(i, j + 1)) : raw;
                if (top.has(key))
                    return true;
                top.add(key);
                expectKey = false;
            }
            i = j;
        }
        else if (ch === 0x7b /* { */) {
            stack.push(new Set());
            expectKey = true;
        }
        else if (ch === 0x5b /* [ */) {
            stack.push(null);
        }
        else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
            stack.pop();
        }
        else if (ch === 0x2c /* , */) {
            expectKey = stack[stack.length - 1] != null;
        }
    }
    return false;
}
