/** The units and colours a dashboard panel may name, so a typo is reported at synth rather than shown as a raw number. */
import * as units from '@grafana/grafana-foundation-sdk/units';

/** Every unit Grafana knows (the foundation SDK's `units` constants). */
export const GRAFANA_UNITS: ReadonlySet<string> = new Set<string>(Object.values(units).filter((v) => typeof v === 'string'));

/** Grafana's named palette colours (with their shades), `text`, `transparent`, or `#rgb` / `#rrggbb`. */
export const GRAFANA_COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|((super-light|light|semi-dark|dark)-)?(red|orange|yellow|green|blue|purple)|text|transparent)$/;
