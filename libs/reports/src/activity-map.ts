import { ACTOR_CATEGORIES, frenchLabel } from '@maillage/ecosystem';
import { frenchNumber } from './french-format.js';
import type { ActivityPoint } from './territory-activity.js';

/** One colour per actor category (Okabe–Ito, readable by colour-blind people), in the catalogue's order. */
export const CATEGORY_COLOURS: Record<string, string> = {
  association: '#0072B2',
  company: '#E69F00',
  public_body: '#009E73',
  foundation: '#CC79A7',
  academic: '#56B4E9',
  support_structure: '#D55E00',
  citizen_group: '#6A3D9A',
};

export const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

/** A round length for the scale bar, about a quarter of the map's width. */
function scaleLength(kilometres: number): number {
  const steps = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
  return steps.reduce((best, step) => (step <= kilometres / 4 ? step : best), steps[0] as number);
}

/**
 * The actors' map, drawn as SVG: an equirectangular projection corrected by
 * the cosine of the middle latitude, framed on the points; one colour per
 * category (legend below the frame, with counts), approximate positions as
 * hollow circles, a scale bar. Points falling on the same pixel are drawn
 * once, so a large territory stays a light drawing. Null without points.
 */
export function actorsMapSvg(points: ActivityPoint[], width = 515): string | null {
  if (points.length === 0) return null;
  const latitudes = points.map((point) => point.latitude);
  const longitudes = points.map((point) => point.longitude);
  const middle = ((Math.min(...latitudes) + Math.max(...latitudes)) / 2) * (Math.PI / 180);
  const stretch = Math.cos(middle);
  // At least about 2 km across, so that one point or a cluster is not blown up to the whole frame.
  const minimum = 0.02;
  const pad = (low: number, high: number, least: number) => {
    const span = Math.max(high - low, least);
    const centre = (low + high) / 2;
    return [centre - span * 0.55, centre + span * 0.55] as const;
  };
  const [west, east] = pad(Math.min(...longitudes), Math.max(...longitudes), minimum / stretch);
  const [south, north] = pad(Math.min(...latitudes), Math.max(...latitudes), minimum);
  const spanX = (east - west) * stretch;
  const spanY = north - south;
  const frameHeight = Math.round(Math.min(420, Math.max(220, (width * spanY) / spanX)));
  const scale = Math.min(width / spanX, frameHeight / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (frameHeight - spanY * scale) / 2;
  const project = (point: ActivityPoint) => [
    offsetX + (point.longitude - west) * stretch * scale,
    offsetY + (north - point.latitude) * scale,
  ];
  const seen = new Set<string>();
  const marks: string[] = [];
  // Approximate positions first, so that exact ones are drawn over them.
  for (const point of [...points].sort((a, b) => Number(b.approximate) - Number(a.approximate))) {
    const [x, y] = project(point).map((value) => Math.round(value * 2) / 2) as [number, number];
    const key = `${x}:${y}:${point.category}:${point.approximate}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const colour = CATEGORY_COLOURS[point.category] ?? '#555555';
    marks.push(
      point.approximate
        ? `<circle cx="${x}" cy="${y}" r="3.2" fill="none" stroke="${colour}" stroke-width="1.2"/>`
        : `<circle cx="${x}" cy="${y}" r="3" fill="${colour}" stroke="#ffffff" stroke-width="0.5"/>`,
    );
  }
  // The scale bar: kilometres per point of the drawing along a parallel.
  const kilometresAcross = (width / scale) * 111.32;
  const bar = scaleLength(kilometresAcross);
  const barWidth = (bar / kilometresAcross) * width;
  const scaleBar =
    `<rect x="10" y="${frameHeight - 22}" width="${barWidth}" height="4" fill="#333333"/>` +
    `<text x="10" y="${frameHeight - 8}" font-size="8" fill="#333333">${frenchNumber(bar)} km</text>`;
  // The legend: the categories drawn, with their counts, and the hollow circle when used.
  const counts = new Map<string, number>();
  for (const point of points) counts.set(point.category, (counts.get(point.category) ?? 0) + 1);
  const entries = ACTOR_CATEGORIES.filter((category) => counts.has(category)).map((category) => ({
    mark: `<circle r="4" fill="${CATEGORY_COLOURS[category]}"/>`,
    label: `${frenchLabel('category', category)} (${frenchNumber(counts.get(category) ?? 0)})`,
  }));
  if (points.some((point) => point.approximate))
    entries.push({
      mark: '<circle r="3.5" fill="none" stroke="#555555" stroke-width="1.2"/>',
      label: 'Position approximative (centre de la commune)',
    });
  const columnWidth = width / 2;
  const legend = entries
    .map((entry, index) => {
      const x = (index % 2) * columnWidth;
      const y = frameHeight + 18 + Math.floor(index / 2) * 16;
      return (
        `<g transform="translate(${x + 6} ${y - 3})">${entry.mark}</g>` +
        `<text x="${x + 16}" y="${y}" font-size="9" fill="#333333">${escapeXml(entry.label)}</text>`
      );
    })
    .join('');
  const height = frameHeight + 18 + Math.ceil(entries.length / 2) * 16;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="0" y="0" width="${width}" height="${frameHeight}" fill="#f4f6f3" stroke="#b8c2bb" stroke-width="0.8"/>` +
    `${marks.join('')}${scaleBar}${legend}</svg>`
  );
}
