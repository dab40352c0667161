/** The output families, in the order they render. */
import { alertmanagerRenderer } from '../alertmanager';
import { docsRenderer } from '../docs/catalog';
import { grafanaRenderer } from '../grafana';
import { otelRenderer } from '../otel';
import { scrapeRenderer } from '../prometheus';
import type { Renderer } from '../renderer';
import { sloRenderer } from '../slo';

export const RENDERERS: readonly Renderer[] = [scrapeRenderer, sloRenderer, grafanaRenderer, alertmanagerRenderer, otelRenderer, docsRenderer];
