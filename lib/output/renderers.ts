/** The output families, in the order they render. */
import { alertmanagerRenderer } from '../alertmanager';
import { grafanaRenderer } from '../grafana';
import { scrapeRenderer } from '../prometheus';
import type { Renderer } from '../renderer';

export const RENDERERS: readonly Renderer[] = [scrapeRenderer, grafanaRenderer, alertmanagerRenderer];
