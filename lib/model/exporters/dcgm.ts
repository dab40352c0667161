/** NVIDIA dcgm-exporter (port 9400): GPU utilisation, temperature and framebuffer memory. */
import { Labels } from '../../conventions';
import { agg, gt, num, selector } from '../../promql/expr';
import { Metric } from '../metric';
import type { ExporterDefinition } from './definition';

const gpuLabels = ['gpu', 'UUID', 'device', 'modelName', 'Hostname'];
// DCGM field names are upper case and carry no unit suffix: the naming rules do not apply.
const ignore = ['base-unit', 'unit-suffix'] as const;
const util = Metric.gauge({ name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilisation (in %)', unit: 'percent', labels: gpuLabels, ignoreNamingRules: [...ignore] });
const temp = Metric.gauge({ name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C)', unit: 'celsius', labels: gpuLabels, ignoreNamingRules: [...ignore] });
const fbUsed = Metric.gauge({ name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB)', unit: 'megabytes', labels: gpuLabels, ignoreNamingRules: [...ignore] });
const fbFree = Metric.gauge({ name: 'DCGM_FI_DEV_FB_FREE', help: 'Framebuffer memory free (in MiB)', unit: 'megabytes', labels: gpuLabels, ignoreNamingRules: [...ignore] });
// One series per GPU: the hottest or busiest GPU of a node matters, a sum across GPUs means nothing.
const perGpu = [Labels.instance, 'gpu'];

export const DCGM: ExporterDefinition = {
  kind: 'dcgm',
  displayName: 'GPUs (dcgm-exporter)',
  port: 9400,
  path: '/metrics',
  honorLabels: false,
  metrics: [util, temp, fbUsed, fbFree],
  alerts: [{
    id: 'gpu-temperature', summary: 'GPU temperature is high',
    description: (t) => `GPU {{ $labels.gpu }} on {{ $labels.instance }} is at {{ $value }} °C (threshold ${t} °C).`,
    threshold: 85, thresholdExpected: 'a temperature in °C from 30 to 120', thresholdValid: (v) => v >= 30 && v <= 120, for: '5m', severity: 'warning',
    expr: (scope, t) => gt(agg('max', selector(temp.name, scope), { by: perGpu }), num(t)),
  }],
  panels: [
    { title: 'GPU utilisation', description: 'DCGM_FI_DEV_GPU_UTIL per GPU (max, not a sum across GPUs).', unit: 'percent', queries: (s) => [{ expr: agg('max', selector(util.name, s), { by: perGpu }), legend: '{{instance}} GPU {{gpu}}' }] },
    { title: 'GPU temperature', description: 'DCGM_FI_DEV_GPU_TEMP per GPU.', unit: 'celsius', queries: (s) => [{ expr: agg('max', selector(temp.name, s), { by: perGpu }), legend: '{{instance}} GPU {{gpu}}' }] },
    { title: 'GPU memory used', description: 'DCGM_FI_DEV_FB_USED per GPU, in MiB.', unit: 'decmbytes', queries: (s) => [{ expr: agg('max', selector(fbUsed.name, s), { by: perGpu }), legend: '{{instance}} GPU {{gpu}}' }] },
  ],
};
