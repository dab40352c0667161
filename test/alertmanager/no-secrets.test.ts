/** No secret material in dist/: the scan runs on the committed output and on a fresh synth, and is proven on planted leaks. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDir, scanText } from '../support/secret-scan';
import { listFiles, synthTo, tempDir } from '../support/synth';
import { defineFixture, fixtureSettings, fixtureSettingsFor } from './fixture';

const DIST = path.resolve(import.meta.dirname, '../../dist');

/** Fake secrets of the shapes real ones have (none of them is valid anywhere). */
const PLANTED: ReadonlyArray<readonly [string, string, string]> = [
  ['slack-webhook-url', 'alertmanager/leak1.yml', 'text: see https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['slack-token', 'grafana/leak2.json', '{ "note": "xoxb-000000000000-000000000000-FAKEFAKEFAKE" }'],
  ['credentials-in-url', 'prometheus/leak3.yml', 'url: https://admin:hunter2@prometheus.example/api'],
  ['secret-url-parameter', 'otel/leak4.yml', 'endpoint: https://collector.example/v1/traces?api_key=FAKE0000'],
  ['private-key', 'kubernetes/leak5.txt', '-----BEGIN RSA PRIVATE KEY-----'],
  ['bearer-token', 'alertmanager/leak6.yml', 'header: "Authorization: Bearer FAKEfake0000FAKEfake0000"'],
  ['hex-key-value', 'alertmanager/leak7.yml', 'description: 0123456789abcdef0123456789abcdef'],
  // Only the config checksum annotation may carry a 64-digit hex value.
  ['hex-key-value', 'kubernetes/leak12.k8s.yaml', '        checksum/secret: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['inline-secret-field', 'alertmanager/leak8.yml', '      - routing_key: not-a-real-key'],
  ['inline-secret-field', 'kubernetes/leak9.k8s.yaml', '        - apiURL: "https://chat.example/incoming/abc"'],
  ['inline-secret-field', 'alertmanager/leak10.yml', '  smtp_auth_password: hunter2'],
  ['inline-secret-field', 'grafana/leak11.yml', '    password: hunter2'],
];

function copyDir(from: string, to: string): void {
  for (const rel of listFiles(from)) {
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(path.join(from, rel), path.join(to, rel));
  }
}

describe('secret scan of dist/', () => {
  // dist/ is for Alertmanager 0.35: there even a webhook URL counts as a secret.
  it('finds nothing in the committed dist/, not even a plain webhook URL', () => {
    expect(listFiles(DIST).length).toBeGreaterThan(0);
    expect(scanDir(DIST, { webhookUrls: true })).toEqual([]);
  });

  it('finds nothing in a fresh synth of the default catalogue or of the feature fixture', () => {
    expect(scanDir(synthTo(), { webhookUrls: true })).toEqual([]);
    expect(scanDir(synthTo(defineFixture, fixtureSettings), { webhookUrls: true })).toEqual([]);
  });

  it('finds exactly the plain webhook URLs of the 0.25 form, which 0.25 needs and 0.26+ forbids', () => {
    const dir = synthTo(defineFixture, fixtureSettingsFor('0.25'));
    expect(scanDir(dir)).toEqual([]);
    const leaks = scanDir(dir, { webhookUrls: true });
    expect(leaks.map((l) => `${l.file} ${l.rule}`)).toEqual([
      'alertmanager/alertmanager.yml plain-webhook-url',
      'alertmanager/alertmanager.yml plain-webhook-url',
      'kubernetes/AlertmanagerConfig.payments-routing.k8s.yaml plain-webhook-url',
    ]);
    for (const l of leaks) expect(fs.readFileSync(path.join(dir, l.file), 'utf8').split('\n')[l.line - 1]).toMatch(/^\s*(- )?url: https?:\/\//);
  });

  it('a webhook rule only looks below webhook_configs / webhookConfigs', () => {
    const text = ['receivers:', '  - name: a', '    webhook_configs:', '      - url: http://x.example/', '    slack_configs:', '      - url: http://y.example/', 'url: http://z.example/'].join('\n');
    expect(scanText('x.yml', text, { webhookUrls: true })).toEqual([{ file: 'x.yml', line: 4, rule: 'plain-webhook-url' }]);
    expect(scanText('x.yml', ['webhookConfigs:', '- url: http://x.example/', '- urlSecret: {name: s, key: k}'].join('\n'), { webhookUrls: true })).toEqual([{ file: 'x.yml', line: 2, rule: 'plain-webhook-url' }]);
  });

  it('catches every planted leak in a copy of dist/, and only those', () => {
    const dir = tempDir();
    copyDir(DIST, dir);
    for (const [, rel, text] of PLANTED) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), `first: line\n${text}\n`);
    }
    const leaks = scanDir(dir);
    expect(leaks.map((l) => `${l.file}:${l.line} ${l.rule}`).sort()).toEqual(PLANTED.map(([rule, rel]) => `${rel}:2 ${rule}`).sort());
  });

  it('catches a webhook URL written back in plain text in place of its url_file', () => {
    const text = fs.readFileSync(path.join(DIST, 'alertmanager/alertmanager.yml'), 'utf8');
    const leaked = text.replace(/url_file: \S+incident-bridge-url/, 'url: http://incident-bridge.keviq.svc:8080/alertmanager');
    expect(leaked).not.toBe(text);
    expect(scanText('alertmanager.yml', leaked)).toEqual([]);
    expect(scanText('alertmanager.yml', leaked, { webhookUrls: true }).map((l) => l.rule)).toEqual(['plain-webhook-url']);
  });

  it('catches a secret written inline into the generated Alertmanager config', () => {
    const text = fs.readFileSync(path.join(DIST, 'alertmanager/alertmanager.yml'), 'utf8');
    const leaked = text.replace(/api_url_file: \S+/, 'api_url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(leaked).not.toBe(text);
    expect(scanText('alertmanager.yml', leaked).map((l) => l.rule).sort()).toEqual(['inline-secret-field', 'slack-webhook-url']);
  });

  it('accepts references: *_file paths, {name, key} selectors and nested mappings', () => {
    const ok = ['routing_key_file: /etc/alertmanager/secrets/am/pd', 'apiURL:', '  key: slack-webhook-url', 'credentials_file: /x/y', 'password: {name: s, key: k}'];
    expect(scanText('x.yml', ok.join('\n'))).toEqual([]);
  });
});
