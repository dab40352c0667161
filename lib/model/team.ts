/** A team that owns services and receives their alerts. */
import { Construct } from 'constructs';
import { Receivers } from '../conventions';
import { checkDnsLabel } from './names';
import { resolveInhibitRule } from './alertmanager-settings';
import type { InhibitRuleProps } from './grouping';
import { checkFreeId, freeId, Problems } from './problems';
import type { Integration } from './receivers';
import { checkRouting, type SeverityRouting } from './routing';
import { settingsOf } from './settings';

export interface TeamProps {
  /**
   * Team name, used as the `team` label on every series and alert of its services.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Human-readable name for dashboards and the catalogue.
   * @default the name
   */
  readonly displayName?: string;
  /**
   * Receivers by key; each is named `<team>-<key>` in Alertmanager and notifies all its integrations.
   * @default {} (the team's alerts reach only the platform's default receiver)
   */
  readonly receivers?: Readonly<Record<string, readonly Integration[]>>;
  /**
   * Which receivers each severity goes to, e.g. critical → pager, warning → chat.
   * @default {} (every severity goes to the default receiver)
   */
  readonly routing?: SeverityRouting;
  /**
   * Key of the receiver for the team's alerts whose severity has no route.
   * @default the first receiver declared
   */
  readonly defaultReceiver?: string;
  /**
   * `group_by` of the team's route, e.g. seed 002's `['alertname', 'cluster', 'service']`; labels as for the platform's.
   * @default the platform's (settings `alertmanager.groupBy`)
   */
  readonly groupBy?: readonly string[];
  /**
   * Inhibit rules for this team's alerts only: both sides also match `team="<name>"`.
   * @default []
   */
  readonly inhibitRules?: readonly InhibitRuleProps[];
}

export class Team extends Construct {
  static isTeam(x: unknown): x is Team {
    return x instanceof Team;
  }

  readonly name: string;
  readonly displayName: string;
  /** Receiver key → integrations, in declaration order. */
  readonly receivers: ReadonlyMap<string, readonly Integration[]>;
  readonly routing: SeverityRouting;
  /** Key of the catch-all receiver of the team; undefined when the team has no receivers. */
  readonly defaultReceiver: string | undefined;
  /** The team's own `group_by`; undefined when it follows the platform's. */
  readonly groupBy: readonly string[] | undefined;
  readonly inhibitRules: readonly Required<InhibitRuleProps>[];
  protected readonly problems: Problems;

  constructor(scope: Construct, id: string, props: TeamProps = {}) {
    super(scope, freeId(scope, id));
    this.problems = new Problems(this);
    checkFreeId(this, id, 'team', this.problems);
    this.name = props.name ?? id;
    this.displayName = props.displayName ?? this.name;
    this.receivers = new Map(Object.entries(props.receivers ?? {}).map(([k, v]) => [k, [...v]]));
    this.routing = { ...(props.routing ?? {}) };
    this.defaultReceiver = props.defaultReceiver ?? [...this.receivers.keys()][0];
    this.groupBy = props.groupBy ? [...props.groupBy] : undefined;
    this.inhibitRules = (props.inhibitRules ?? []).map(resolveInhibitRule);
    const p = checkDnsLabel(this.name);
    if (p) this.problems.error('team name', this.name, p);
    this.checkReceivers(props.defaultReceiver);
  }

  /** Alertmanager name of one of this team's receivers. */
  receiverName(key: string): string {
    return Receivers.ofTeam(this.name, key);
  }

  private checkReceivers(defaultKey: string | undefined): void {
    const p = this.problems;
    const keys = [...this.receivers.keys()];
    const am = settingsOf(this).alertmanager;
    for (const [key, integrations] of this.receivers) {
      const keyProblem = checkDnsLabel(key);
      if (keyProblem) p.error('receiver key', key, keyProblem);
      integrations.forEach((integration, i) => {
        for (const f of integration.check(`receivers.${key}[${i}] (${integration.kind})`, am)) p.error(f.subject, f.value, f.expected);
      });
    }
    if (defaultKey !== undefined && !keys.includes(defaultKey)) {
      p.error('defaultReceiver', defaultKey, `one of the team's receivers (${keys.map((k) => JSON.stringify(k)).join(', ') || 'none declared'})`);
    }
    for (const f of checkRouting('routing', this.routing, keys)) p.error(f.subject, f.value, f.expected);
  }
}
