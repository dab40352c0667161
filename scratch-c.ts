import { App } from 'cdk8s';
import { Collector } from './lib/model/collector';
import { gatewayConfig, agentConfig, configText } from './lib/otel/config';
import * as fs from 'node:fs';
const app = new App();
const c = new Collector(app, 'otel-gateway', {
  backends: {
    traces: { protocol: 'otlp-grpc', endpoint: 'tempo-distributor.tempo.svc:4317', insecure: true, bearerToken: { name: 'tempo', key: 'token' } },
    metrics: { protocol: 'prometheus-remote-write', endpoint: 'http://mimir-distributor.mimir.svc:8080/api/v1/push' },
    logs: { protocol: 'otlp-http', endpoint: 'http://loki-gateway.loki.svc/otlp' },
  },
  tenants: [{ name: 'acme', namespaces: ['acme'], spansPerSecond: 500 }, { name: 'ecorp' }],
  agent: true,
});
console.log(c.node.validate());
fs.writeFileSync('/tmp/otelscratch/gw.yml', configText(gatewayConfig(c, process.argv[2] ?? '0.158.0')));
fs.writeFileSync('/tmp/otelscratch/agent.yml', configText(agentConfig(c, process.argv[2] ?? '0.158.0')));
