/** The output families, in the order they render. */
import { alertmanagerRenderer } from '../alertmanager';
import { grafanaRenderer } from '../grafana';
import { scrapeRenderer } from '../prometheus';
import type { Renderer } from '../renderer';
import { sloRenderer } from '../slo';

export const RENDERERS: readonly Renderer[] = [scrapeRenderer, sloRenderer, grafanaRenderer, alertmanagerRenderer];
