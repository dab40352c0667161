/** LazyText: a dashboard's JSON is made by the writer, once, however many documents hold it. */
import { describe, expect, it } from 'vitest';
import { canonicalManifest } from '../../lib/output/manifest';
import { serialize } from '../../lib/output/serialize';
import { toYaml } from '../../lib/output/yaml';
import { LazyText } from '../../lib/renderer';

describe('LazyText', () => {
  it('is made on the first serialization and reused by the others', () => {
    let made = 0;
    const text = new LazyText(() => `{\n  "n": ${++made}\n}\n`);
    expect(made).toBe(0);
    const manifest = canonicalManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { 'd.json': text } });
    expect(toYaml(manifest)).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  d.json: |\n    {\n      "n": 1\n    }\n');
    expect(serialize({ path: 'd.json', format: 'text', content: text })).toBe('{\n  "n": 1\n}\n');
    expect(JSON.stringify({ v: text })).toBe(JSON.stringify({ v: '{\n  "n": 1\n}\n' }));
    expect(made).toBe(1);
  });
});
