/**
 * A small block-style YAML emitter for the JSON-compatible data this package writes. The `yaml`
 * package serializes about 15 MB/s, which made it most of the cost of a large synth; this one
 * writes the same layout (2-space indent, sequences indented under their key, literal blocks for
 * multi-line text) and quotes every string that YAML 1.1 (Go yaml.v2: Prometheus, Alertmanager,
 * kubectl) or YAML 1.2 would read as anything but that string.
 */

/** YAML text of one document, ending in a newline. */
export function toYaml(value: unknown): string {
  const v = jsonValue(value, '');
  if (isCollection(v) && !isEmpty(v)) return block(v, '', '');
  // A top-level literal block is indented too, so a `---` line in it cannot end the document.
  return `${scalarOrEmpty(v, '  ', '')}\n`;
}

type Value = null | boolean | number | string | readonly Value[] | { readonly [k: string]: Value };

/** Applies toJSON as JSON.stringify would; rejects what JSON cannot hold, naming where it is. */
function jsonValue(value: unknown, where: string): Value {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return jsonValue((value as { toJSON(): unknown }).toJSON(), where);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`YAML: ${where || 'the document'} is ${value}, which JSON-compatible YAML cannot hold`);
      return value;
    case 'object':
      if (value instanceof Map || value instanceof Set) throw new Error(`YAML: ${where || 'the document'} is a ${value.constructor.name}; convert it to a plain object or array`);
      return value as Value;
    default:
      if (value === undefined) return null;
      throw new Error(`YAML: ${where || 'the document'} is a ${typeof value}, which JSON-compatible YAML cannot hold`);
  }
}

const isCollection = (v: Value): v is readonly Value[] | { readonly [k: string]: Value } => v !== null && typeof v === 'object';
const isEmpty = (v: readonly Value[] | { readonly [k: string]: Value }): boolean => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** Map entries that are written: undefined values are skipped, as JSON.stringify does. */
function entries(map: { readonly [k: string]: unknown }): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(map)) if (map[k] !== undefined) out.push([k, map[k]]);
  return out;
}

/** A non-empty collection as block lines at `indent`; `first` replaces the indent of the first line. */
function block(v: readonly Value[] | { readonly [k: string]: Value }, indent: string, first: string): string {
  let out = '';
  let lead = first;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = jsonValue(v[i], `item ${i}`);
      if (isCollection(item) && !isEmpty(item)) out += block(item, `${indent}  `, `${lead}- `);
      else out += `${lead}- ${scalarOrEmpty(item, `${indent}  `, `item ${i}`)}\n`;
      lead = indent;
    }
    return out;
  }
  for (const [k, raw] of entries(v as { readonly [k: string]: unknown })) {
    const item = jsonValue(raw, k);
    const key = scalarString(k);
    if (isCollection(item) && !isEmpty(item)) {
      // Sequences sit two spaces under their key, as the `yaml` package writes them.
      out += `${lead}${key}:\n${block(item, `${indent}  `, `${indent}  `)}`;
    } else {
      out += `${lead}${key}: ${scalarOrEmpty(item, `${indent}  `, k)}\n`;
    }
    lead = indent;
  }
  return out;
}

function scalarOrEmpty(v: Value, indent: string, where: string): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.includes('\n') && literalOk(v) ? literal(v, indent) : scalarString(v);
  throw new Error(`YAML: ${where} cannot be written`);
}

/**
 * Characters other than tab and newline that a YAML stream may not hold raw (controls, C1, BOM,
 * lone surrogates), or that YAML 1.1 reads as line breaks (NEL, LS, PS).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const hasUnsafe = (s: string): boolean => UNSAFE.test(s);

/** A multi-line string as a literal block (`|`, `|-` without a final newline), when it can be one. */
function literalOk(s: string): boolean {
  if (hasUnsafe(s)) return false;
  // A first line that starts with a space would need an indentation indicator; more than one final newline, `|+`.
  return !/^[ \t]/.test(s) && !s.endsWith('\n\n') && !/^\n/.test(s) && !/[ \t]\n/.test(s) && !/[ \t]$/.test(s);
}

function literal(s: string, indent: string): string {
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((l) => (l === '' ? '' : `${indent}${l}`));
  return `${s.endsWith('\n') ? '|' : '|-'}\n${lines.join('\n')}`;
}

/** YAML 1.1 and 1.2 plain scalars that resolve to something other than a string. */
const NOT_A_STRING = [
  /^(?:~|null|Null|NULL)$/,
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:0|[1-9][0-9_]*)$/, // decimal
  /^[-+]?0[0-7_]+$/, /^[-+]?0o[0-7]+$/, /^[-+]?0x[0-9a-fA-F_]+$/, /^[-+]?0b[01_]+$/, // octal, hex, binary
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/, // sexagesimal (1.1)
  /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/, // floats of both versions
  /^[-+]?\.(?:inf|Inf|INF)$/, /^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/, // timestamp
  /^<<$/, // merge key
];

/** Characters that may not start a plain scalar, and sequences that may not appear in one. */
const BAD_START = /^(?:[?:,[\]{}#&*!|>'"%@`\s]|-(?:\s|$))/;
const BAD_INSIDE = /: |:$| #|\t|\s$/;

function plainOk(s: string): boolean {
  if (s === '' || BAD_START.test(s) || BAD_INSIDE.test(s) || s.includes('\n') || hasUnsafe(s)) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  return !NOT_A_STRING.some((re) => re.test(s));
}

/** Words of letters that YAML 1.1 or 1.2 reads as null or a boolean. */
const RESERVED = new Set(['null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
/** Starts with a letter, `_` or `/` and holds no indicator: plain unless reserved (most keys and names). */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

// Keys and label values repeat across documents; quoting decisions for short strings are remembered.
const memo = new Map<string, string>();
const MEMO_MAX = 50_000;

/** A string as a plain scalar when that reads back as the same string, else quoted. */
export function scalarString(s: string): string {
  if (SIMPLE.test(s)) return RESERVED.has(s) ? `"${s}"` : s;
  if (s.length > 64) return quote(s);
  let out = memo.get(s);
  if (out === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    out = quote(s);
    memo.set(s, out);
  }
  return out;
}

function quote(s: string): string {
  if (plainOk(s)) return s;
  // Single quotes keep templates with double quotes readable; they have no escapes but `''`.
  if (s.includes('"') && !s.includes("'") && !s.includes('\n') && !hasUnsafe(s)) return `'${s}'`;
  // JSON's escapes are YAML's; the characters JSON leaves raw but YAML may not hold are escaped too.
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
