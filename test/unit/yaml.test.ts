/** The YAML emitter: reads back as the same data in YAML 1.1 and 1.2, byte-stable, the layout of dist/. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scalarString, toYaml } from '../../lib/output/yaml';

const DIST = path.join(__dirname, '../../dist');
const readBoth = (text: string) => [parse(text, { version: '1.1' }), parse(text, { version: '1.2' })];

describe('scalars', () => {
  it.each([
    ['plain', 'plain'], ['30s', '30s'], ['-5m', '-5m'], ['/metrics', '/metrics'], ['monday:friday', 'monday:friday'], ['=', '='],
    ['yes', '"yes"'], ['No', '"No"'], ['on', '"on"'], ['y', '"y"'], ['~', '"~"'], ['null', '"null"'], ['', '""'],
    ['1', '"1"'], ['0755', '"0755"'], ['0x1F', '"0x1F"'], ['0o17', '"0o17"'], ['1e3', '"1e3"'], ['.5', '".5"'], ['+1.5', '"+1.5"'],
    ['07:00', '"07:00"'], ['1:28', '"1:28"'], ['.inf', '".inf"'], ['.NaN', '".NaN"'], ['2001-12-14', '"2001-12-14"'], ['<<', '"<<"'],
    ['- x', '"- x"'], ['-', '"-"'], ['a: b', '"a: b"'], ['a:', '"a:"'], ['a #b', '"a #b"'], ['#x', '"#x"'], ['{{ $labels.x }}', '"{{ $labels.x }}"'],
    ['a {{ $labels.x }}', 'a {{ $labels.x }}'], [' lead', '" lead"'], ['trail ', '"trail "'], ['tab\tin', '"tab\\tin"'],
    ['say "hi"', 'say "hi"'], ['"hi" there', '\'"hi" there\''], ['\'it\' "x"', '"\'it\' \\"x\\""'], ['---', '"---"'], ['nel\u0085', '"nel\\u0085"'], ['ls\u2028', '"ls\\u2028"'],
    ['bom\ufeff', '"bom\\ufeff"'], ['nul\u0000', '"nul\\u0000"'], ['cr\r', '"cr\\r"'], ['é ✓ 🙂', 'é ✓ 🙂'],
  ])('%j → %s', (input, expected) => {
    expect(scalarString(input)).toBe(expected);
    for (const back of readBoth(`k: ${expected}\n`)) expect(back).toEqual({ k: input });
  });
});

describe('documents', () => {
  it('writes the block layout of dist/: sequences under their key, literal blocks for text', () => {
    const doc = { groups: [{ name: 'g', rules: [{ record: 'r', labels: { a: '1' } }] }], empty: [], none: {}, num: 0.001, b: false, x: null, text: 'line 1\nline 2\n', raw: 'a\nb' };
    expect(toYaml(doc)).toBe([
      'groups:', '  - name: g', '    rules:', '      - record: r', '        labels:', '          a: "1"',
      'empty: []', 'none: {}', 'num: 0.001', 'b: false', 'x: null', 'text: |', '  line 1', '  line 2', 'raw: |-', '  a', '  b', '',
    ].join('\n'));
  });

  it('writes nested sequences, empty lines in text and undefined as JSON does', () => {
    const doc = { m: [[1, 2], [], [{ a: undefined, b: 1 }]], t: 'a\n\nb\n', u: undefined, arr: [undefined] };
    const text = toYaml(doc);
    expect(text).toBe('m:\n  - - 1\n    - 2\n  - []\n  - - b: 1\nt: |\n  a\n\n  b\narr:\n  - null\n');
    for (const back of readBoth(text)) expect(back).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('quotes text that a literal block cannot hold', () => {
    for (const s of [' lead\nx', 'x\n\n', 'trailing \nx', '\nfirst', 'cr\r\nx', 'x\n ']) {
      const text = toYaml({ s });
      expect(text.startsWith('s: "')).toBe(true);
      for (const back of readBoth(text)) expect(back).toEqual({ s });
    }
  });

  it('writes top-level scalars and empty collections', () => {
    expect([toYaml('yes'), toYaml([]), toYaml({}), toYaml(3)]).toEqual(['"yes"\n', '[]\n', '{}\n', '3\n']);
    const text = toYaml('a\n---\nb\n');
    expect(text).toBe('|\n  a\n  ---\n  b\n');
    for (const back of readBoth(text)) expect(back).toBe('a\n---\nb\n');
  });

  it('applies toJSON as JSON.stringify does', () => {
    expect(toYaml({ d: { toJSON: () => ({ a: 1 }) } })).toBe('d:\n  a: 1\n');
  });

  it('rejects what JSON cannot hold, saying where', () => {
    expect(() => toYaml({ a: { b: Number.NaN } })).toThrow('YAML: b is NaN, which JSON-compatible YAML cannot hold');
    expect(() => toYaml({ m: new Map() })).toThrow('YAML: m is a Map; convert it to a plain object or array');
    expect(() => toYaml({ f: () => 1 })).toThrow('YAML: f is a function, which JSON-compatible YAML cannot hold');
  });
});

/** A seeded generator of JSON data with the strings that trip YAML readers. */
function randomData(seed: number) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const atoms = ['yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', '1', '-1', '0755', '0x1f', '1e3', '1_000', '.5', '07:00', '1:28:30', '.inf',
    '2001-12-14', '2001-12-14 21:59:43.10 -5', '<<', '=', '-', '?', ':', ',', '[', '{', '}', '#', '&a', '*a', '!t', '|', '>', "'", '"', '%', '@', '`',
    ' ', '\t', '\n', '\r', ': ', ' #', '---', '...', 'é', '🙂', '\u0085', '\u2028', '\ufeff', '\u0000', '\u007f', 'a', 'b', 'x', 'job', '{{ $labels.x }}', '\\'];
  const str = () => Array.from({ length: Math.floor(next() * 5) }, () => pick(atoms)).join('');
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.45) return pick([str, str, str, () => Math.round(next() * 1e6) / 1e3, () => next() < 0.5, () => null, () => -Math.floor(next() * 100)])();
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [str(), value(depth + 1)]));
  };
  return value(0);
}

describe('randomised round trip', () => {
  it('500 random documents read back as the same data in YAML 1.1 and 1.2', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const data = { doc: randomData(seed) };
      const text = toYaml(data);
      for (const back of readBoth(text)) expect(back, `seed ${seed}:\n${text}`).toEqual(data);
      expect(toYaml(data)).toBe(text);
    }
  });
});

describe('dist/', () => {
  const files = fs.readdirSync(DIST, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f)).sort();

  it('has YAML files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s is exactly what the emitter writes for its data', (f) => {
    const text = fs.readFileSync(path.join(DIST, f), 'utf8');
    const [v11, v12] = readBoth(text);
    expect(v11).toEqual(v12);
    expect(toYaml(v11)).toBe(text);
  });
});
