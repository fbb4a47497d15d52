/**
 * Finds a repeated key in one JSON object of an already-valid JSON text. RFC 8259 leaves duplicate
 * names to the parser: JSON.parse keeps the last value, some parsers keep the first, some refuse. The
 * gateway inspects what JSON.parse saw but forwards the original bytes, so an upstream that keeps the
 * first `messages` would read text nobody checked: such bodies are refused instead.
 * One pass, no recursion (nesting depth cannot overflow the stack).
 */
export function hasDuplicateKey(text: string): boolean {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const j = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const raw = text.slice(i + 1, j);
        // Escapes spell the same key several ways ("a" and "\u0061"): compare decoded keys.
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return false;
}

/**
 * The index of the quote closing the string that opens at `open`: the next quote not escaped (one
 * preceded by an even run of backslashes). indexOf skips a prompt's text natively; a character loop
 * here cost as much as parsing the JSON.
 */
function closingQuote(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let k = q - 1;
    while (text.charCodeAt(k) === 0x5c /* \ */) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}
