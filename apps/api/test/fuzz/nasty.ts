import fc from 'fast-check';

/**
 * fast-check arbitraries biased to the values that break servers: NUL characters, lone
 * surrogates, very long strings, prototype keys, numbers JSON.stringify cannot write (1e999
 * parses to Infinity), deep nesting, duplicate keys and wrong types. Values are JSON trees
 * written by toJsonText, so a document can hold what a JavaScript object cannot (a `__proto__`
 * member, the same key twice, a raw number token).
 */
export type JsonTree = null | boolean | number | string | { raw: string } | { entries: [string, JsonTree][] } | { items: JsonTree[] };

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\\u0000',
  '%00',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFFbom',
  'e\u0301\u200B\u202E',
  '😀👩‍👩‍👧',
  '\r\n\t\v\f',
  "'; drop table hops; --",
  '$1',
  ':period',
  '${7*7}',
  '../../../../etc/passwd',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'true',
  '2026-13-45T25:61:61Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  'x'.repeat(5_000),
  'y'.repeat(70_000),
  ...PROTOTYPE_KEYS,
];

/** Raw number tokens: JSON.parse turns `1e999` into Infinity and long digits into imprecise floats. */
const NASTY_NUMBER_TOKENS = [
  '1e999',
  '-1e999',
  '1e308',
  '-0',
  '0e0',
  '123456789012345678901234567890',
  '9223372036854775808',
  '-9223372036854775809',
  '1.0000000000000000000001',
  '5e-324',
  '1E+2',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

export const nastyNumber: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constantFrom<JsonTree>(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(...NASTY_NUMBER_TOKENS).map((raw): JsonTree => ({ raw })),
);

const leaf: fc.Arbitrary<JsonTree> = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
const key: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), nastyString, fc.string({ maxLength: 8 }));

/** Any JSON value with nasty leaves, prototype keys and duplicate keys, a few levels deep. */
export const nastyJson: fc.Arbitrary<JsonTree> = fc.letrec<{ value: JsonTree }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items): JsonTree => ({ items })),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries): JsonTree => ({ entries })),
  ),
})).value;

/** Arrays or objects nested this deep (a parser that recurses runs out of stack). */
export const deepNesting: fc.Arbitrary<JsonTree> = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]): JsonTree => ({ raw: arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` }));

/** A value of any kind, nesting deep now and then. */
export const nastyValue: fc.Arbitrary<JsonTree> = fc.oneof({ weight: 8, arbitrary: nastyJson }, { weight: 1, arbitrary: deepNesting });

/** JSON text of a tree: raw tokens as they are, members in their order (duplicates kept). */
export function toJsonText(tree: JsonTree): string {
  if (tree === null || typeof tree !== 'object') return JSON.stringify(tree) ?? 'null';
  if ('raw' in tree) return tree.raw;
  if ('items' in tree) return `[${tree.items.map(toJsonText).join(',')}]`;
  return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
}

/** A plain object as a tree (to mutate valid documents member by member). */
export function treeOf(value: unknown): JsonTree {
  if (Array.isArray(value)) return { items: value.map(treeOf) };
  if (value !== null && typeof value === 'object') return { entries: Object.entries(value).map(([k, v]) => [k, treeOf(v)]) };
  return value as JsonTree;
}

/** Sets (or adds) one member of an object tree; a path of several keys walks into nested objects. */
export function withMember(tree: JsonTree, path: readonly string[], value: JsonTree): JsonTree {
  if (path.length === 0) return value;
  const entries = tree !== null && typeof tree === 'object' && 'entries' in tree ? tree.entries : [];
  const [head, ...rest] = path as [string, ...string[]];
  const at = entries.findIndex(([k]) => k === head);
  const next: [string, JsonTree][] = entries.map(([k, v]) => [k, v]);
  const child = withMember(at >= 0 ? next[at]![1] : { entries: [] }, rest, value);
  if (at >= 0) next[at] = [head, child];
  else next.push([head, child]);
  return { entries: next };
}

/** The member paths of an object tree (objects walked, arrays not), for choosing what to mutate. */
export function memberPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...memberPaths(v, [...prefix, k])]);
}

/** A valid document with one member replaced, added or given a prototype key. */
export function mutatedDocument(valid: object): fc.Arbitrary<JsonTree> {
  const paths = memberPaths(valid);
  return fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...paths) },
        { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((k) => [k]) },
        { weight: 1, arbitrary: nastyString.map((k) => [k]) },
      ),
      nastyValue,
    )
    .map(([path, value]) => withMember(treeOf(valid), path, value));
}

/** Bytes of a valid body flipped, cut short, repeated or spliced with random bytes. */
export function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Buffer> {
  const n = valid.length;
  return fc.oneof(
    fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = Buffer.from(valid);
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
    fc.nat(n).map((cut) => Buffer.from(valid.subarray(0, cut))),
    fc.tuple(fc.nat(n), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => Buffer.concat([valid.subarray(0, at), junk, valid.subarray(at)])),
    fc.integer({ min: 2, max: 50 }).map((times) => Buffer.concat(Array.from({ length: times }, () => valid))),
  );
}

/** How many runs a property makes, and the seed: FUZZ_RUNS and FUZZ_SEED, printed so a failure can be replayed. */
export function fuzzParameters(defaultRuns: number): { numRuns: number; seed: number } {
  const numRuns = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${process.env.FUZZ_RUNS}`);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
  return { numRuns, seed };
}
