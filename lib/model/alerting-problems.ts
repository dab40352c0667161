/** Alert-routing problems that span constructs: receiver names, extra routes, shared time intervals. */
import { SEVERITIES } from '../conventions';
import { ALERTMANAGER_RANGE } from './alertmanager-settings';
import { checkOneOf } from './enums';
import type { Catalog } from './catalog';
import { alertLabelNames, checkGroupBy, checkInhibitRule } from './grouping';
import { checkDnsLabel, checkDuration, checkLabelName } from './names';
import { isDuplicateId, SETTINGS_PATH, show } from './problems';
import { compiles } from './regex';
import { intervalsOf } from './routing';
import type { Finding } from './secrets';
import type { Team } from './team';
import type { TimeInterval } from './time-intervals';

const AM_SETTINGS = 'settings.alertmanager';

const format = (path: string, f: Finding) => `[${path}] ${f.subject}: got ${show(f.value)}, expected ${f.expected}`;

function settingsFindings(catalog: Catalog, receiverNames: readonly string[]): Finding[] {
  const am = catalog.settings.alertmanager;
  const out: Finding[] = [];
  if (am.minor === undefined) {
    const { oldest, current } = ALERTMANAGER_RANGE;
    out.push({ subject: 'version', value: am.version, expected: `an Alertmanager release from 0.${oldest} to 0.${current}, written "0.<minor>" or "0.<minor>.<patch>", such as "0.${current}"` });
  }
  for (const [what, r] of [['defaultReceiver', am.defaultReceiver], ...am.receivers.map((r, i) => [`receivers[${i}]`, r] as const)] as const) {
    const p = checkDnsLabel(r.name);
    if (p) out.push({ subject: `${what} name`, value: r.name, expected: p });
    r.integrations.forEach((integration, i) => out.push(...integration.check(`${what} integrations[${i}] (${integration.kind})`, am)));
  }
  for (const [key, t] of Object.entries(am.timings)) {
    for (const [field, value] of Object.entries(t)) {
      const p = checkDuration(value);
      if (p) out.push({ subject: `timings.${key}.${field}`, value, expected: p });
    }
  }
  const rt = checkDuration(am.resolveTimeout);
  if (rt) out.push({ subject: 'resolveTimeout', value: am.resolveTimeout, expected: rt });
  if (!am.secretsDir.startsWith('/')) out.push({ subject: 'secretsDir', value: am.secretsDir, expected: 'an absolute path' });
  const strategy = checkOneOf(am.matcherStrategy, ['OnNamespace', 'None']);
  if (strategy) out.push({ subject: 'matcherStrategy', value: am.matcherStrategy, expected: strategy });
  for (const key of am.timingKeys) {
    const k = checkOneOf(key, ['default', ...SEVERITIES]);
    if (k) out.push({ subject: 'timings', value: key, expected: k });
  }
  const ns = checkDnsLabel(am.namespace);
  if (ns) out.push({ subject: 'namespace', value: am.namespace, expected: ns });
  const known = alertLabelNames(catalog);
  out.push(...checkGroupBy('groupBy', am.groupBy, known));
  am.inhibitRules.forEach((r, i) => out.push(...checkInhibitRule(`inhibitRules[${i}]`, r, known)));
  am.extraRoutes.forEach((route, i) => {
    const at = `extraRoutes[${i}]`;
    if (route.matchers.length === 0) out.push({ subject: `${at}.matchers`, value: [], expected: 'at least one matcher (a route without matchers catches everything)' });
    for (const m of route.matchers) {
      const p = checkLabelName(m.label);
      if (p) out.push({ subject: `${at}.matchers label`, value: m.label, expected: p });
      if ((m.op === '=~' || m.op === '!~') && !compiles(m.value)) out.push({ subject: `${at}.matchers ${m.label}`, value: m.value, expected: 'a valid regular expression' });
    }
    if (!receiverNames.includes(route.receiver)) {
      out.push({ subject: `${at}.receiver`, value: route.receiver, expected: `a platform receiver or a team receiver (${receiverNames.map((n) => JSON.stringify(n)).join(', ')})` });
    }
  });
  return out;
}

/** Every problem of the alert routing that no single construct can see. */
export function alertRoutingProblems(catalog: Catalog): string[] {
  const am = catalog.settings.alertmanager;
  const out: string[] = [];
  const owner = new Map<string, string>();
  const claim = (name: string, path: string) => {
    const prev = owner.get(name);
    if (prev !== undefined) out.push(`[${path}] receiver name: got "${name}", expected a name not already used by ${prev}`);
    else owner.set(name, path);
  };
  claim(am.defaultReceiver.name, `${AM_SETTINGS}.defaultReceiver`);
  am.receivers.forEach((r, i) => claim(r.name, `${AM_SETTINGS}.receivers[${i}]`));
  // A team declared twice is reported once, by its id; its receivers are the same ones again.
  for (const team of catalog.teams.filter((t) => !isDuplicateId(t))) for (const key of team.receivers.keys()) claim(team.receiverName(key), team.node.path);
  out.push(...settingsFindings(catalog, [...owner.keys()]).map((f) => format(SETTINGS_PATH, { ...f, subject: `alertmanager.${f.subject}` })));

  const known = alertLabelNames(catalog);
  for (const team of catalog.teams) {
    const findings = [
      ...(team.groupBy ? checkGroupBy('groupBy', team.groupBy, known) : []),
      ...team.inhibitRules.flatMap((r, i) => checkInhibitRule(`inhibitRules[${i}]`, r, known)),
    ];
    out.push(...findings.map((f) => format(team.node.path, f)));
  }

  const intervals = new Map<string, TimeInterval>();
  const users = [...catalog.teams, ...catalog.services];
  for (const c of users) {
    for (const interval of intervalsOf(c.routing)) {
      const prev = intervals.get(interval.name);
      if (prev && prev !== interval && JSON.stringify(prev) !== JSON.stringify(interval)) {
        out.push(`[${c.node.path}] time interval "${interval.name}": got a second, different definition, expected one TimeInterval per name`);
      } else if (!prev) intervals.set(interval.name, interval);
    }
  }

  if (am.matcherStrategy === 'OnNamespace') {
    const namespacesOf = new Map<Team, Set<string>>();
    for (const s of catalog.services) namespacesOf.set(s.team, (namespacesOf.get(s.team) ?? new Set()).add(s.namespace));
    // Only teams with receivers get an AlertmanagerConfig; the others' alerts stay with the catch-all.
    for (const team of catalog.teams.filter((t) => t.defaultReceiver !== undefined)) {
      const namespaces = [...(namespacesOf.get(team) ?? [])].sort();
      if (namespaces.length > 1) {
        out.push(
          `[${team.node.path}] services' namespaces: got ${show(namespaces)}, expected one namespace per team, because its AlertmanagerConfig only sees alerts of its own namespace (matcherStrategy OnNamespace); split the team or set matcherStrategy 'None'`,
        );
      }
    }
  }
  return out;
}
