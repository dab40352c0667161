/** Grafana units (foundation-sdk `units` constants) for the model's metric units. */
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Metric, MetricUnit } from '../model/metric';

const VALUE_UNITS: Record<MetricUnit, string> = {
  seconds: units.Seconds,
  milliseconds: units.Milliseconds,
  microseconds: units.Microseconds,
  bytes: units.BytesIEC,
  kilobytes: units.Kilobytes,
  megabytes: units.Megabytes,
  ratio: units.PercentUnit,
  percent: units.Percent,
  celsius: units.Celsius,
  volts: units.Volt,
  amperes: units.Ampere,
  joules: units.Joule,
  meters: units.Meter,
  grams: units.Gram,
  count: units.Short,
};

/** Unit of a rate of the metric: per second. */
const RATE_UNITS: Partial<Record<MetricUnit, string>> = {
  bytes: units.BytesPerSecondIEC,
  count: units.OpsPerSecond,
};

/** The unit a panel of `metric` shows: rates for counters, values otherwise. */
export function panelUnit(metric: Metric): string {
  if (metric.type === 'counter') return RATE_UNITS[metric.unit] ?? units.Short;
  return VALUE_UNITS[metric.unit];
}

export const Units = {
  requestsPerSecond: units.RequestsPerSecond,
  ratio: units.PercentUnit,
  bytes: units.BytesIEC,
  cores: units.Short,
  count: units.Short,
  none: units.NoUnit,
} as const;

/** Every unit Grafana knows, for the dashboard linter's panel-units rule (and the model's unit checks). */
export { GRAFANA_UNITS } from '../model/panel-units';
