import L from 'leaflet';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { formatNumber } from '../../ui/format';
import { CATEGORY_COLOURS } from './palette';
import type { MapViewport } from './queries';

type Feature = Schemas['MapFeatureDto'];
type Cluster = Schemas['MapClusterDto'];
type Commune = Schemas['MapCommuneDto'];

const NO_CLUSTERS: Cluster[] = [];
/** How long the map rests before its new view is asked for (a drag or a zoom sends one request). */
const VIEW_DEBOUNCE_MS = 200;

const NO_COMMUNES: Commune[] = [];
/** Actors listed in the popup of a place several share; the map's list shows them all. */
const STACK_LISTED = 30;

/** France's bounding box: where the map starts before it has points. */
const FRANCE: L.LatLngBoundsExpression = [
  [41.3, -5.2],
  [51.1, 9.6],
];

function element(tag: string, className?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text made safe for Leaflet's options that take HTML. */
function escapeHtml(text: string): string {
  const node = document.createElement('span');
  node.textContent = text;
  return node.innerHTML.replaceAll('"', '&quot;');
}

/**
 * Runs a change of view once the map can take it. Leaflet drops a zoom asked while a zoom animation
 * runs (its `_tryAnimatedZoom` answers "done" without doing it): on a busy machine, where the
 * animation's end waits, that swallowed a bubble's Enter or click, or the framing of new filters.
 * Asked during one, the change runs when it ends.
 */
function whenSettled(instance: L.Map, move: () => void): void {
  if ((instance as unknown as { _animatingZoom?: boolean })._animatingZoom)
    instance.once('zoomend', () => whenSettled(instance, move));
  else move();
}

/** A map's view as the API takes it: its extent, rounded outwards and kept within the world, and its zoom. */
function viewport(instance: L.Map): MapViewport {
  const bounds = instance.getBounds();
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
  const west = clamp(Math.floor(bounds.getWest() * 1e4) / 1e4, 180);
  const south = clamp(Math.floor(bounds.getSouth() * 1e4) / 1e4, 90);
  const east = clamp(Math.ceil(bounds.getEast() * 1e4) / 1e4, 180);
  const north = clamp(Math.ceil(bounds.getNorth() * 1e4) / 1e4, 90);
  // A view wider than the world (zoomed far out) is the whole world.
  const wide = bounds.getEast() - bounds.getWest() >= 360;
  return {
    bbox: wide ? `-180,${south},180,${north}` : `${west},${south},${east},${north}`,
    zoom: Math.round(instance.getZoom()),
  };
}

/**
 * Leaflet map of the actors of the view: the clusters the API made for it
 * (bubbles with their count: buttons, Enter or a click zooms to where they
 * split) and single actors (divIcons: keyboard-focusable buttons named after
 * the actor; Enter or Space opens a popup linking to the actor's page). Each
 * new view (moved or zoomed, debounced) is reported by `onView`. Tiles only
 * when the deployment configures a tile server; otherwise a plain background,
 * no network.
 */
export function LeafletMap({
  clusters = NO_CLUSTERS,
  features,
  tiles,
  label,
  actorHref,
  onOpenActor,
  communes = NO_COMMUNES,
  fit = null,
  onView,
  onPlace,
  drawn,
}: {
  clusters?: Cluster[];
  features: Feature[];
  tiles: Schemas['MapTilesDto'] | null;
  label: string;
  actorHref: (actorId: string) => string;
  onOpenActor: (actorId: string) => void;
  /** The territory's communes where actors are placed: drawn, labelled, when there are no tiles. */
  communes?: Commune[];
  /** An extent [west, south, east, north] to frame once per `key` (new filters: their actors' extent). */
  fit?: { key: string; extent: number[] } | null;
  /** The view moved or zoomed (and the first view). */
  onView: (view: MapViewport) => void;
  /** Placing mode: a click on the map gives its position. */
  onPlace?: (latitude: number, longitude: number) => void;
  /** Actors drawn (clusters' counts and single actors), for tests and assistive summaries. */
  drawn: number;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const outline = useRef<L.LayerGroup | null>(null);
  const fitted = useRef<string | null>(null);
  const texts = useRef({ t, actorHref, onOpenActor, onPlace, onView });
  texts.current = { t, actorHref, onOpenActor, onPlace, onView };

  // The map itself, once.
  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const instance = L.map(node, {
      zoomControl: false,
      attributionControl: true,
      minZoom: 3,
      maxZoom: 18,
    });
    L.control
      .zoom({ zoomInTitle: texts.current.t('views:map.zoomIn'), zoomOutTitle: texts.current.t('views:map.zoomOut') })
      .addTo(instance);
    instance.attributionControl.setPrefix('<a href="https://leafletjs.com" lang="en">Leaflet</a>');
    // Leaflet writes attributions as HTML: the configured text is escaped, shown as text.
    if (tiles) L.tileLayer(tiles.url, { attribution: escapeHtml(tiles.attribution), maxZoom: 19 }).addTo(instance);
    instance.fitBounds(FRANCE);
    // Without tiles: the communes, labelled, under the actors.
    const communeLayer = L.layerGroup().addTo(instance);
    const group = L.layerGroup().addTo(instance);
    // Each new view, once the map rests.
    let timer: ReturnType<typeof setTimeout> | undefined;
    instance.on('moveend', () => {
      clearTimeout(timer);
      timer = setTimeout(() => texts.current.onView(viewport(instance)), VIEW_DEBOUNCE_MS);
    });
    texts.current.onView(viewport(instance));
    // Placing mode: the click's position goes to the page.
    instance.on('click', (event: L.LeafletMouseEvent) => {
      texts.current.onPlace?.(event.latlng.lat, event.latlng.lng);
    });
    // Popups: their close button in the interface's language, focus moved to the actor's link.
    instance.on('popupopen', (event: L.PopupEvent) => {
      const popup = event.popup.getElement();
      popup
        ?.querySelector('.leaflet-popup-close-button')
        ?.setAttribute('aria-label', texts.current.t('views:map.closePopup'));
      popup?.querySelector<HTMLAnchorElement>('a.views-popup-link')?.focus();
    });
    // Space activates a marker or a cluster like Enter (they are buttons); Enter on a cluster zooms in.
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement;
      const isCluster = target.classList.contains('views-cluster');
      const isMarker = target.classList.contains('views-marker');
      if (event.key === ' ' && (isCluster || isMarker)) {
        event.preventDefault();
        target.click();
      } else if (event.key === 'Enter' && isCluster) {
        event.preventDefault();
        target.click();
      }
    };
    node.addEventListener('keydown', onKey);
    map.current = instance;
    layer.current = group;
    outline.current = communeLayer;
    fitted.current = null;
    return () => {
      clearTimeout(timer);
      node.removeEventListener('keydown', onKey);
      instance.remove();
      map.current = null;
      layer.current = null;
      outline.current = null;
    };
  }, [tiles]);

  // The communes, labelled, when no tile server draws the ground.
  useEffect(() => {
    const layer = outline.current;
    if (!layer) return;
    layer.clearLayers();
    if (tiles) return;
    for (const commune of communes) {
      L.circleMarker([commune.latitude, commune.longitude], {
        radius: 4,
        color: '#3a3a3a',
        weight: 1,
        fillColor: '#ffffff',
        fillOpacity: 1,
        interactive: false,
        className: 'views-commune',
      })
        .bindTooltip(commune.name, { permanent: true, direction: 'top', className: 'views-commune-label' })
        .addTo(layer);
    }
  }, [communes, tiles]);

  // New filters: their actors framed, once.
  useEffect(() => {
    const instance = map.current;
    if (!instance || !fit || fit.key === fitted.current || fit.extent.length !== 4) return;
    fitted.current = fit.key;
    const [west, south, east, north] = fit.extent as [number, number, number, number];
    whenSettled(instance, () =>
      instance.fitBounds(
        [
          [south, west],
          [north, east],
        ],
        { padding: [32, 32], maxZoom: 14 },
      ),
    );
  }, [fit]);

  // The clusters and single actors of the view: replaced with each answer.
  useEffect(() => {
    const instance = map.current;
    const group = layer.current;
    if (!instance || !group) return;
    // A bubble or marker that had the keyboard focus is about to be replaced by the new answer's: the focus
    // goes to the map (its keys still work) instead of falling back to the page's start.
    const active = document.activeElement;
    const hadFocus =
      active instanceof HTMLElement &&
      instance.getContainer().contains(active) &&
      (active.classList.contains('views-cluster') || active.classList.contains('views-marker'));
    group.clearLayers();
    if (hadFocus) instance.getContainer().focus({ preventScroll: true });
    for (const item of clusters) {
      const size = item.count < 10 ? 'small' : item.count < 100 ? 'medium' : 'large';
      const html = element('div');
      html.append(
        element('span', undefined, formatNumber(item.count)),
        element(
          'span',
          'visually-hidden',
          texts.current.t('views:map.cluster', { count: item.count, formatted: formatNumber(item.count) }),
        ),
      );
      html.firstElementChild?.setAttribute('aria-hidden', 'true');
      const bubble = L.marker([item.latitude, item.longitude], {
        icon: L.divIcon({
          html: html.outerHTML,
          className: `views-cluster views-cluster-${size}`,
          iconSize: L.point(40, 40),
        }),
        keyboard: true,
      });
      bubble.on('add', () => bubble.getElement()?.setAttribute('data-count', String(item.count)));
      bubble.on('click', () => {
        // From the keyboard, the focus stays on the map while the bubble is replaced by its parts.
        if (bubble.getElement() === document.activeElement) instance.getContainer().focus({ preventScroll: true });
        whenSettled(instance, () => instance.setView([item.latitude, item.longitude], item.expansionZoom));
      });
      group.addLayer(bubble);
    }
    const stackPopup = (together: Feature[]): HTMLElement => {
      const { t } = texts.current;
      const popup = element('div', 'views-popup');
      popup.append(
        element(
          'p',
          'views-popup-name',
          t('views:map.stackTitle', { count: together.length, formatted: formatNumber(together.length) }),
        ),
      );
      if (together.every((feature) => feature.properties.approximate))
        popup.append(element('p', 'views-popup-meta', t('views:map.approximate')));
      const sorted = [...together].sort(
        (a, b) =>
          a.properties.name.localeCompare(b.properties.name, 'fr') || a.properties.id.localeCompare(b.properties.id),
      );
      const list = element('ul', 'views-popup-list');
      for (const feature of sorted.slice(0, STACK_LISTED)) {
        const { id, name, category } = feature.properties;
        const item = element('li');
        const link = element('a', 'views-popup-link', name) as HTMLAnchorElement;
        link.href = texts.current.actorHref(id);
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          texts.current.onOpenActor(id);
        });
        item.append(link, element('span', 'views-popup-meta', ` · ${t(`domain:category.${category}`)}`));
        list.append(item);
      }
      popup.append(list);
      if (sorted.length > STACK_LISTED) {
        const more = sorted.length - STACK_LISTED;
        popup.append(
          element('p', 'views-popup-meta', t('views:map.stackMore', { count: more, formatted: formatNumber(more) })),
        );
      }
      return popup;
    };
    // Actors at the very same place (an address shared, or a commune's centre for those placed
    // approximately) would be markers drawn on one another, all but one out of reach: one bubble
    // for them, whose popup lists them.
    const places = new Map<string, Feature[]>();
    for (const feature of features) {
      const [longitude, latitude] = feature.geometry.coordinates as [number, number];
      const key = `${latitude.toFixed(6)} ${longitude.toFixed(6)}`;
      const list = places.get(key);
      if (list) list.push(feature);
      else places.set(key, [feature]);
    }
    const alone: Feature[] = [];
    for (const together of places.values()) {
      if (together.length === 1) {
        alone.push(together[0]!);
        continue;
      }
      const [longitude, latitude] = together[0]!.geometry.coordinates as [number, number];
      const count = together.length;
      const size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
      const html = element('div');
      html.append(
        element('span', undefined, formatNumber(count)),
        element(
          'span',
          'visually-hidden',
          texts.current.t('views:map.stack', { count, formatted: formatNumber(count) }),
        ),
      );
      html.firstElementChild?.setAttribute('aria-hidden', 'true');
      const stack = L.marker([latitude, longitude], {
        icon: L.divIcon({
          html: html.outerHTML,
          className: `views-cluster views-stack views-cluster-${size}`,
          iconSize: L.point(40, 40),
        }),
        keyboard: true,
      });
      stack.on('add', () => stack.getElement()?.setAttribute('data-count', String(count)));
      stack.bindPopup(() => stackPopup(together), { maxHeight: 320 });
      group.addLayer(stack);
    }
    const markers = alone.map((feature) => {
      const [longitude, latitude] = feature.geometry.coordinates as [number, number];
      const { id, name, category, allianceCount, approximate } = feature.properties;
      const categoryLabel = texts.current.t(`domain:category.${category}`);
      const icon = L.divIcon({
        className: `views-marker views-marker-${category}${approximate ? ' views-marker-approximate' : ''}`,
        html: `<span class="views-marker-dot" style="background:${CATEGORY_COLOURS[category]}"></span>`,
        iconSize: L.point(22, 22),
        iconAnchor: L.point(11, 11),
        popupAnchor: L.point(0, -10),
      });
      const marker = L.marker([latitude, longitude], { icon, keyboard: true, title: name });
      marker.on('add', () => {
        marker.getElement()?.setAttribute(
          'aria-label',
          texts.current.t(approximate ? 'views:map.markerApproximate' : 'views:map.marker', {
            name,
            category: categoryLabel,
          }),
        );
      });
      marker.bindPopup(() => {
        const popup = element('div', 'views-popup');
        popup.append(element('p', 'views-popup-name', name), element('p', 'views-popup-meta', categoryLabel));
        if (approximate) popup.append(element('p', 'views-popup-meta', texts.current.t('views:map.approximate')));
        // Members see the count of their own organisation only.
        if (allianceCount !== null) {
          popup.append(
            element('p', 'views-popup-meta', texts.current.t('views:map.alliances', { count: allianceCount })),
          );
        }
        const link = element('a', 'views-popup-link', texts.current.t('views:map.openActor')) as HTMLAnchorElement;
        link.href = texts.current.actorHref(id);
        link.append(element('span', 'visually-hidden', ` ${name}`));
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          texts.current.onOpenActor(id);
        });
        popup.append(link);
        return popup;
      });
      return marker;
    });
    for (const marker of markers) group.addLayer(marker);
  }, [clusters, features]);

  return (
    <div
      ref={container}
      className={`views-map${tiles ? '' : ' views-map-plain'}${onPlace ? ' views-map-placing' : ''}`}
      role="region"
      aria-label={label}
      data-points={drawn}
    />
  );
}
