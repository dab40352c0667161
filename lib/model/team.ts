/** A team that owns services and receives their alerts. */
import { Construct } from 'constructs';
import { checkDnsLabel } from './names';
import { Problems } from './problems';

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
}

export class Team extends Construct {
  static isTeam(x: unknown): x is Team {
    return x instanceof Team;
  }

  readonly name: string;
  readonly displayName: string;
  protected readonly problems: Problems;

  constructor(scope: Construct, id: string, props: TeamProps = {}) {
    super(scope, id);
    this.problems = new Problems(this);
    this.name = props.name ?? id;
    this.displayName = props.displayName ?? this.name;
    const p = checkDnsLabel(this.name);
    if (p) this.problems.error('team name', this.name, p);
  }
}
