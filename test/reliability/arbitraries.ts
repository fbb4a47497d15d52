/** fast-check arbitraries shared by the fuzz suites: JSON-shaped request bodies that hit the extractors' branches. */
import fc from 'fast-check';

/** Keys the extractors look at, so random objects hit their branches, plus prototype-pollution keys. */
const KEYS = ['messages', 'content', 'role', 'text', 'type', 'tool_calls', 'function', 'arguments', 'tools', 'description', 'parameters', 'input', 'output', 'summary', 'prompt', 'variables', 'system', 'source', 'data', 'tool_result', 'choices', 'message', 'instructions', 'suffix', 'refusal', 'thinking', 'schema', 'json_schema', 'response_format', 'input_schema', '__proto__', 'constructor', 'prototype'];
export const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
export const leaf = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('text', 'tool_result', 'document', 'user', 'function'));
export const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('tree'), { maxLength: 5 }), fc.dictionary(key, tie('tree'), { maxKeys: 6 })),
}));
export const body = fc.dictionary(key, tree, { maxKeys: 8 });

