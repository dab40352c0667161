/** The few Prometheus and Alertmanager HTTP API calls the sandbox and its tests use. */
import { httpJson } from './net';

export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: readonly [number, string];
}

export interface PromRule {
  readonly name: string;
  readonly type: 'recording' | 'alerting';
  readonly health: string;
  readonly lastError?: string;
  readonly state?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly alerts?: readonly PromAlert[];
}

export interface PromRuleGroup {
  readonly name: string;
  readonly file: string;
  readonly rules: readonly PromRule[];
  readonly lastEvaluation: string;
}

export interface PromAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
}

export interface PromTarget {
  readonly labels: Readonly<Record<string, string>>;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  readonly scrapeUrl: string;
}

/** An alert as Alertmanager's v2 API shows it, with whether it is inhibited and by what. */
export interface AmAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly fingerprint: string;
  readonly receivers: readonly { readonly name: string }[];
  readonly status: { readonly state: 'active' | 'suppressed' | 'unprocessed'; readonly inhibitedBy: readonly string[]; readonly silencedBy: readonly string[] };
}

interface PromResponse<T> {
  readonly status: string;
  readonly data: T;
  readonly error?: string;
}

export class PrometheusApi {
  constructor(readonly url: string) {}

  private async get<T>(path: string): Promise<T> {
    const r = await httpJson<PromResponse<T>>(`${this.url}${path}`);
    if (r.status !== 'success') throw new Error(`${path}: ${r.error ?? r.status}`);
    return r.data;
  }

  /** Instant query; throws with Prometheus' message when the query is invalid. */
  async query(expr: string): Promise<PromSeries[]> {
    const data = await this.get<{ resultType: string; result: PromSeries[] | [number, string] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
    if (data.resultType === 'scalar' || data.resultType === 'string') return [{ metric: {}, value: data.result as [number, string] }];
    return data.result as PromSeries[];
  }

  async ruleGroups(): Promise<PromRuleGroup[]> {
    return (await this.get<{ groups: PromRuleGroup[] }>('/api/v1/rules')).groups;
  }

  async targets(): Promise<PromTarget[]> {
    return (await this.get<{ activeTargets: PromTarget[] }>('/api/v1/targets?state=active')).activeTargets;
  }

  async alerts(): Promise<PromAlert[]> {
    return (await this.get<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts;
  }
}

export class AlertmanagerApi {
  constructor(readonly url: string) {}

  /** Every alert Alertmanager holds, including inhibited and silenced ones. */
  alerts(): Promise<AmAlert[]> {
    return httpJson<AmAlert[]>(`${this.url}/api/v2/alerts?active=true&inhibited=true&silenced=true&unprocessed=true`);
  }
}
