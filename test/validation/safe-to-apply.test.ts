/**
 * What `kubectl apply` of dist/kubernetes/ would admit, over the committed dist/, the collector
 * fixture (workload and operator) and a catalogue of names at their length limits: every workload
 * passes the restricted Pod Security Standard (the log agent's read-only hostPath aside), every
 * collector is behind a NetworkPolicy, every container has requests and limits, and every label and
 * annotation respects Kubernetes' syntax and 63-character limits. Long names are shortened with a
 * hash, so two that share a prefix never collide.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Collector, Metric, Service, Sli, Team } from '../../lib';
import { boundedName } from '../../lib/conventions';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { restrictedViolations } from '../support/pod-security';
import { ROOT } from '../support/project';
import { readManifests, type K8sObject } from '../support/schemas';
import { listFiles, synthProblems, synthTo } from '../support/synth';
import { BACKENDS } from './catalogue';

const LONG_A = `${'payments-ledger-reconciliation-'.repeat(2)}a`; // 63 characters
const LONG_B = `${'payments-ledger-reconciliation-'.repeat(2)}b`;

function defineLongNames(scope: Construct): void {
  const team = new Team(scope, 't'.repeat(63));
  const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code'] });
  for (const name of [LONG_A, LONG_B]) {
    const s = new Service(scope, name, { team, namespace: 'n'.repeat(63), scrape: { port: 8080 }, metrics: [requests] });
    s.addSlo('a'.repeat(40), { sli: Sli.ratio({ errors: { metric: requests }, total: { metric: requests } }), objective: 99.9 });
  }
  new Collector(scope, 'c'.repeat(63), { namespace: 'o'.repeat(63), backends: { ...BACKENDS, logs: { protocol: 'otlp-http', endpoint: 'http://loki/otlp' } }, agent: true });
}

const DIRS: readonly [string, string][] = [
  ['dist/', path.join(ROOT, 'dist')],
  ['the collector fixture', synthTo(defineOtelTenants, otelTenantsPlatform)],
  ['the collector fixture under the operator', synthTo((s) => defineOtelTenants(s, { operator: true }), otelTenantsPlatform)],
  ['names at their limits', synthTo(defineLongNames)],
];

type Obj = K8sObject & { spec?: any };

/** The pod a workload runs (the OpenTelemetryCollector's as the operator builds it). */
function podOf(o: Obj): { labels: Record<string, string>; spec: any } | undefined {
  if (['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind)) return { labels: o.spec.template.metadata.labels, spec: o.spec.template.spec };
  if (o.kind !== 'OpenTelemetryCollector') return undefined;
  const labels = { 'app.kubernetes.io/instance': `${o.metadata.namespace}.${o.metadata.name}`, 'app.kubernetes.io/component': 'opentelemetry-collector' };
  return { labels, spec: { securityContext: o.spec.podSecurityContext, volumes: o.spec.volumes, containers: [{ name: 'otc-container', securityContext: o.spec.securityContext, resources: o.spec.resources }] } };
}

const LABEL_KEY = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Kubernetes' rules for a label or annotation key (prefix ≤ 253, name ≤ 63) and a label value (≤ 63). */
function keyProblem(key: string): string | undefined {
  const [prefix, name] = key.includes('/') ? key.split('/') as [string, string] : ['', key];
  if (!LABEL_KEY.test(key) || prefix.length > 253 || name.length > 63) return `key ${JSON.stringify(key)}`;
  return undefined;
}
const valueProblem = (value: string): string | undefined => (value.length > 63 || !LABEL_VALUE.test(value) ? `value ${JSON.stringify(value)}` : undefined);

/** Every label map of an object: its own, its pod template's, and its selectors'. */
function labelMaps(o: Obj): [string, Record<string, string>][] {
  const spec = o.spec ?? {};
  return [
    ['metadata.labels', o.metadata.labels ?? {}],
    ['spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}],
    ['spec.selector.matchLabels', spec.selector?.matchLabels ?? {}],
    ['spec.podSelector.matchLabels', spec.podSelector?.matchLabels ?? {}],
    ...(o.kind === 'Service' ? [['spec.selector', spec.selector ?? {}] as [string, Record<string, string>]] : []),
  ];
}

describe.each(DIRS)('%s is safe to apply', (_, dir) => {
  const objects = readManifests(dir).map((m) => m.object as Obj);
  const workloads = objects.filter((o) => podOf(o));

  it('has workloads to check (when it has a collector)', () => {
    expect(objects.length).toBeGreaterThan(0);
    if (objects.some((o) => o.kind === 'NetworkPolicy')) expect(workloads.length).toBeGreaterThan(0);
  });

  it('every workload passes the restricted Pod Security Standard; the log agent only breaks it with its read-only hostPath', () => {
    for (const w of workloads) {
      const pod = podOf(w)!;
      const agent = w.kind === 'DaemonSet' || w.spec?.mode === 'daemonset';
      expect(restrictedViolations(pod.spec), `${w.kind}/${w.metadata.name}`).toEqual(agent ? ['volume pod-logs: hostPath volumes are not allowed'] : []);
    }
  });

  it('every container has CPU and memory requests and limits', () => {
    for (const w of workloads) {
      for (const c of podOf(w)!.spec.containers) {
        for (const kind of ['requests', 'limits']) {
          expect(Object.keys(c.resources?.[kind] ?? {}).sort(), `${w.kind}/${w.metadata.name} ${c.name} ${kind}`).toEqual(['cpu', 'memory']);
        }
      }
    }
  });

  it('every collector pod is selected by a NetworkPolicy of its namespace that denies other ingress', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const w of workloads) {
      const pod = podOf(w)!;
      const covering = policies.filter((p) => p.metadata.namespace === w.metadata.namespace
        && Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => pod.labels[k] === v));
      expect(covering.length, `${w.kind}/${w.metadata.name}`).toBeGreaterThan(0);
      for (const p of covering) expect(p.spec.policyTypes).toContain('Ingress');
    }
  });

  it('every label and annotation has a valid key, every label a valid value of at most 63 characters, every name its length', () => {
    const problems: string[] = [];
    for (const o of objects) {
      const where = `${o.kind}/${o.metadata.name}`;
      for (const [field, labels] of labelMaps(o)) {
        for (const [k, v] of Object.entries(labels)) {
          for (const p of [keyProblem(k), valueProblem(v)]) if (p) problems.push(`${where} ${field}: ${p}`);
        }
      }
      for (const k of Object.keys(o.metadata.annotations ?? {})) {
        const p = keyProblem(k);
        if (p) problems.push(`${where} metadata.annotations: ${p}`);
      }
      // Services (DNS-1035) and every name that becomes a pod label value: 63; the others are DNS subdomains.
      const max = ['Service', 'Deployment', 'DaemonSet', 'OpenTelemetryCollector'].includes(o.kind) ? 63 : 253;
      if (o.metadata.name.length > max || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata.name)) problems.push(`${where}: name of ${o.metadata.name.length} characters`);
    }
    expect(problems).toEqual([]);
  });
});

describe('long names', () => {
  const dir = DIRS[3]![1];
  const files = listFiles(dir);

  it('two services sharing a 62-character prefix get distinct dashboards, rules and objects', () => {
    const dashboards = files.filter((f) => f.startsWith('grafana/dashboards/svc-'));
    expect(dashboards).toHaveLength(2);
    expect(new Set(dashboards).size).toBe(2);
    for (const f of dashboards) expect(path.basename(f, '.json').length).toBeLessThanOrEqual(40);
    expect(files).toContain(`prometheus/rules/${LONG_A}.yml`);
    expect(files).toContain(`prometheus/rules/${LONG_B}.yml`);
  });

  it('shortens deterministically with a hash, and leaves names within the limit alone', () => {
    const a = boundedName(`svc-${LONG_A}`, 40);
    expect(a).toBe(boundedName(`svc-${LONG_A}`, 40));
    expect(a).toMatch(/^svc-payments-ledger-reconciliat-[0-9a-f]{8}$/);
    expect(a).not.toBe(boundedName(`svc-${LONG_B}`, 40));
    expect(a).toHaveLength(40);
    expect(boundedName('svc-checkout', 40)).toBe('svc-checkout');
    // A cut that ends in "-" is trimmed, so the result stays a DNS label.
    expect(boundedName('a'.repeat(30) + '-' + 'b'.repeat(30), 40)).toMatch(/^a{30}-[0-9a-f]{8}$/);
  });

  it('an operator collector whose pod label would pass 63 characters is a synth error', () => {
    const { problems } = synthProblems({}, (a) => {
      new Service(a, 'x', { team: new Team(a, 't'), namespace: 'n', scrape: { port: 80 }, metrics: [Metric.gauge({ name: 'g', help: 'g' })] });
      new Collector(a, 'c'.repeat(40), { namespace: 'o'.repeat(30), backends: BACKENDS, kubernetes: 'operator' });
    });
    expect(problems).toEqual([
      `[${'c'.repeat(40)}] name: got "${'c'.repeat(40)}", expected a name and namespace short enough for the operator's pod label app.kubernetes.io/instance="${'o'.repeat(30)}.${'c'.repeat(40)}" (71 characters, at most 63)`,
    ]);
  });
});
