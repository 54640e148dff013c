const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Deepest nesting of arrays and objects a JSON body may have (OTLP's own documents need about 10). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max` levels, found by scanning the raw
 * bytes before parsing: a deep document would overflow the stack of every recursive walk after
 * JSON.parse (validation, NUL checks, PostgreSQL's jsonb input). Strings are skipped whole, so a
 * bracket inside a string never counts; malformed text is left for the parser to report.
 */
export function jsonNestingExceeds(text: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close < 0) return false;
      i = close;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that ends the string opened at `open`, or -1 when it never ends. */
function closingQuote(text: Uint8Array, open: number): number {
  let from = open + 1;
  for (;;) {
    const at = text.indexOf(QUOTE, from);
    if (at < 0) return -1;
    let backslashes = 0;
    for (let k = at - 1; k > open && text[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return at;
    from = at + 1;
  }
}
