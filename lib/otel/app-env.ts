/**
 * The application side, per service (seed 000): a ConfigMap of the standard OTEL_* variables the
 * service mounts with envFrom, pointing its SDK at the gateway with its identity and tenant.
 */
import { Labels, MANAGED_BY } from '../conventions';
import { OtelAttributes, OtelK8sNames, OtelPorts } from '../conventions/otel';
import type { Collector } from '../model/collector';
import type { Service } from '../model/service';
import { formatNumber } from '../promql/format';
import type { Manifest } from '../renderer';


/** `http://<gateway service>.<namespace>.svc:4318`. */
export const otlpHttpEndpoint = (serviceHost: string): string => `http://${serviceHost}:${OtelPorts.otlpHttp}`;

/** The SDK variables of one service. Values are DNS labels, so OTEL_RESOURCE_ATTRIBUTES needs no escaping. */
export function serviceEnv(service: Service, c: Collector, serviceHost: string): Record<string, string> {
  const attrs: Record<string, string> = {
    [OtelAttributes.serviceNamespace]: service.namespace,
    [OtelAttributes.team]: service.team.name,
    [OtelAttributes.tenant]: c.tenantOf(service).name,
  };
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpEndpoint(serviceHost),
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: service.name,
    OTEL_RESOURCE_ATTRIBUTES: Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(','),
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: formatNumber(c.sampling.headRatio),
  };
}

export function serviceEnvConfigMap(service: Service, c: Collector, serviceHost: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: OtelK8sNames.serviceEnv(service.name),
      namespace: service.namespace,
      labels: { ...MANAGED_BY, [Labels.service]: service.name, [Labels.team]: service.team.name },
    },
    data: serviceEnv(service, c, serviceHost),
  };
}
