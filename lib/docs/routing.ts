/**
 * The Alertmanager routing as a picture: drawn from the same route tree and inhibit rules that
 * alertmanager.yml and the AlertmanagerConfigs are printed from (lib/alertmanager/tree.ts).
 */
import type { InhibitRule, RouteNode } from '../alertmanager/tree';
import type { Integration } from '../model/receivers';
import type { Matcher } from '../promql';
import { code, orDash, table, text } from './markdown';
import { Flowchart } from './mermaid';

/** A receiver and what it notifies, without any secret (channels and addresses only). */
export interface ReceiverFacts {
  readonly name: string;
  readonly integrations: readonly string[];
}

/** Past this many routes the tree is drawn as the top levels plus one picture per team. */
export const MAX_ROUTES_PER_DIAGRAM = 120;

export function integrationText(i: Integration): string {
  if (i.is('slack')) return `Slack ${i.props.channel}`;
  if (i.is('email')) return `email ${i.props.to}`;
  if (i.is('pagerduty')) return 'PagerDuty';
  if (i.is('opsgenie')) return 'Opsgenie';
  return 'webhook';
}

export const matcherText = (m: Matcher): string => `${m.label}${m.op}"${m.value}"`;

function routeLabel(node: RouteNode, isRoot: boolean): string {
  const lines = [isRoot ? 'root (every alert)' : node.matchers.map(matcherText).join(', ')];
  if (node.groupBy) lines.push(`group by ${node.groupBy.join(', ')}`);
  if (node.activeTimeIntervals?.length) lines.push(`only during ${node.activeTimeIntervals.join(', ')}`);
  if (node.muteTimeIntervals?.length) lines.push(`muted during ${node.muteTimeIntervals.join(', ')}`);
  if (node.continue) lines.push('continue');
  return lines.join('\n');
}

const countRoutes = (n: RouteNode): number => 1 + (n.routes ?? []).reduce((sum, r) => sum + countRoutes(r), 0);

class RouteDrawing {
  readonly f = new Flowchart('LR');
  constructor(private readonly receivers: ReadonlyMap<string, ReceiverFacts>) {}

  receiver(name: string): string {
    const r = this.receivers.get(name);
    const what = r ? (r.integrations.length ? r.integrations.join(', ') : 'drops the alert') : '';
    return this.f.node(`receiver:${name}`, what ? `${name}\n${what}` : name, 'stadium');
  }

  /** Draws `node` and, down to `depth` levels, its children; returns its id. */
  route(node: RouteNode, key: string, depth: number, isRoot = false): string {
    const children = node.routes ?? [];
    const cut = depth <= 0 && children.length > 0;
    const id = this.f.node(`route:${key}`, routeLabel(node, isRoot) + (cut ? `\n${countRoutes(node) - 1} routes: see its own picture` : ''));
    if (!cut) {
      children.forEach((c, i) => this.f.edge(id, this.route(c, `${key}.${i}`, depth - 1)));
    }
    if (node.receiver) this.f.edge(id, this.receiver(node.receiver), children.length && !cut ? 'no child matched' : undefined, children.length && !cut ? 'dotted' : 'solid');
    return id;
  }

  inhibitions(rules: readonly InhibitRule[]): void {
    if (rules.length === 0) return;
    const ends: Array<[string, string, string]> = [];
    this.f.subgraph('inhibitions', 'Inhibitions: a firing source alert mutes matching targets', () => {
      rules.forEach((r, i) => {
        const source = this.f.node(`inhibit:${i}:source`, r.source.map(matcherText).join(', '), 'hexagon');
        const target = this.f.node(`inhibit:${i}:target`, r.target.map(matcherText).join(', '), 'hexagon');
        ends.push([source, target, `mutes, when equal: ${r.equal.join(', ')}`]);
      });
    });
    for (const [s, t, label] of ends) this.f.edge(s, t, label, 'dotted');
  }
}

/** The route tree (all of it, or its top levels when large) with the inhibit rules. */
export function routeTreeDiagram(root: RouteNode, inhibitions: readonly InhibitRule[], receivers: ReadonlyMap<string, ReceiverFacts>, depth = Infinity): Flowchart {
  const d = new RouteDrawing(receivers);
  d.route(root, 'root', depth, true);
  d.inhibitions(inhibitions);
  return d.f;
}

/** One subtree, for trees too large for one picture. */
export function subtreeDiagram(node: RouteNode, receivers: ReadonlyMap<string, ReceiverFacts>): Flowchart {
  const d = new RouteDrawing(receivers);
  d.route(node, 'sub', Infinity);
  return d.f;
}

export function routingSection(root: RouteNode, inhibitions: readonly InhibitRule[], receivers: readonly ReceiverFacts[]): string[] {
  const byName = new Map(receivers.map((r) => [r.name, r]));
  const whole = countRoutes(root) <= MAX_ROUTES_PER_DIAGRAM;
  // Root, extra routes and teams in the first picture; each team's own routes in the next ones.
  const pictures = whole
    ? routeTreeDiagram(root, inhibitions, byName).fenced()
    : [
      ...routeTreeDiagram(root, inhibitions, byName, 1).fenced(),
      ...(root.routes ?? []).filter((r) => (r.routes ?? []).length > 0).flatMap((r) => [
        `#### ${text(r.matchers.map(matcherText).join(', '))}`, '', ...subtreeDiagram(r, byName).fenced(),
      ]),
    ];
  return [
    '## Alert routing',
    '',
    'Who is notified for what: the route tree of `alertmanager.yml` (first matching route wins; `continue` lets the next one match too), with the inhibit rules.',
    '',
    ...pictures,
    ...table(['Receiver', 'Notifies'], receivers.map((r) => [code(r.name), orDash(r.integrations.map(text))])),
  ];
}
