import { describe, expect, it } from 'vitest';
import { Flowchart, mermaidText } from '../../lib/docs/mermaid';
import { mermaidBlocks, mermaidParse } from '../support/mermaid';

const HOSTILE = 'a "quoted" [bracket] (paren) {brace} | pipe <b>tag</b> & #hash `tick` ; end\nsecond line';

describe('Mermaid flowcharts', () => {
  it('the parser rejects malformed diagrams, so a pass means something', async () => {
    await expect(mermaidParse('flowchart LR\n  a["x"y"] --> b')).rejects.toThrow(/Parse error/);
    await expect(mermaidParse('flowchart LR\n  a["x"] -->')).rejects.toThrow(/Parse error/);
    await expect(mermaidParse('flowchart LR\n  subgraph s["S"]\n  c')).rejects.toThrow(/Parse error/);
    await expect(mermaidParse(`flowchart LR\n  a["${HOSTILE.replace('\n', ' ')}"] --> b`)).rejects.toThrow(/Parse error/);
  });

  it('labels with quotes, brackets, pipes, tags, newlines and keywords parse once escaped', async () => {
    const f = new Flowchart('LR');
    let a = '';
    f.subgraph('box', HOSTILE, () => {
      a = f.node('a', HOSTILE, 'stadium');
    });
    const b = f.node('b', HOSTILE, 'hexagon');
    const c = f.node('end', 'end', 'cylinder');
    f.edge(a, b, HOSTILE);
    f.edge(b, c, undefined, 'dotted');
    f.edge(a, c, '|', 'thick');
    expect(f.edges).toBe(3);
    expect(await mermaidParse(f.source())).toBe('flowchart-v2');
    expect(f.source()).not.toContain('"quoted"');
  });

  it('escapes to entity codes and keeps line breaks as <br>', () => {
    expect(mermaidText('say "hi" <x> & #1\nnext')).toBe('say #34;hi#34; #60;x#62; #38; #35;1<br>next');
  });

  it('node ids are stable per key and unique', () => {
    const f = new Flowchart();
    expect(f.node('x', 'X')).toBe(f.node('x', 'other label'));
    expect(f.node('y', 'Y')).not.toBe(f.id('x'));
    expect(f.source().match(/"X"/g)).toHaveLength(1);
  });

  it('finds the fenced blocks of a Markdown text', () => {
    const md = ['# t', '```mermaid', 'flowchart LR', '  a --> b', '```', 'text', '```mermaid', 'flowchart TD', '```'].join('\n');
    expect(mermaidBlocks(md)).toEqual(['flowchart LR\n  a --> b', 'flowchart TD']);
  });
});
