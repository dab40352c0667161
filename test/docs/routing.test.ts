import { describe, expect, it } from 'vitest';
import type { RouteNode } from '../../lib/alertmanager/tree';
import { MAX_ROUTES_PER_DIAGRAM, routingSection } from '../../lib/docs/routing';
import { eq } from '../../lib/promql';
import { mermaidBlocks, mermaidParse } from '../support/mermaid';

function tree(teams: number, perTeam: number): RouteNode {
  return {
    receiver: 'unrouted', matchers: [], groupBy: ['alertname'],
    routes: Array.from({ length: teams }, (_, t) => ({
      receiver: `t${t}-chat`, matchers: [eq('team', `t${t}`)],
      routes: Array.from({ length: perTeam }, (_, i) => ({ receiver: `t${t}-pager`, matchers: [eq('service', `s${i}`), eq('severity', 'critical')], continue: i % 2 === 0 })),
    })),
  };
}
const receivers = (teams: number) => [{ name: 'unrouted', integrations: [] }, ...Array.from({ length: teams }, (_, t) => [
  { name: `t${t}-chat`, integrations: [`Slack #t${t}`] }, { name: `t${t}-pager`, integrations: ['PagerDuty'] },
]).flat()];

describe('route tree pictures', () => {
  it('a small tree is one picture with every route and receiver', async () => {
    const md = routingSection(tree(3, 4), [], receivers(3)).join('\n');
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.match(/service=#34;s\d#34;/g)).toHaveLength(12);
    expect(blocks[0]).toContain('"t2-pager<br>PagerDuty"');
    expect(blocks[0]).toContain('"unrouted<br>drops the alert"');
    await expect(mermaidParse(blocks[0]!)).resolves.toBe('flowchart-v2');
  });

  it(`past ${MAX_ROUTES_PER_DIAGRAM} routes: the top levels, then one picture per team, each within Mermaid's limits`, async () => {
    const teams = 30;
    const md = routingSection(tree(teams, 5), [], receivers(teams)).join('\n');
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(1 + teams);
    expect(blocks[0]).not.toContain('service=');
    expect(blocks[0]!.match(/5 routes: see its own picture/g)).toHaveLength(teams);
    expect(md).toContain('#### team="t29"');
    for (const b of blocks) await expect(mermaidParse(b)).resolves.toBe('flowchart-v2');
    expect(blocks.slice(1).every((b) => (b.match(/service=/g) ?? []).length === 5)).toBe(true);
  });
});
