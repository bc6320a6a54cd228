import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { CATEGORY_COLOURS } from './palette';

type Feature = Schemas['MapFeatureDto'];
type Commune = Schemas['MapCommuneDto'];

const NO_COMMUNES: Commune[] = [];

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
 * Leaflet map of the actors, clustered (leaflet.markercluster). Markers are
 * divIcons (keyboard-focusable buttons named after the actor; Enter or Space
 * opens a popup linking to the actor's page). Tiles only when the deployment
 * configures a tile server; otherwise a plain background, no network.
 */
export function LeafletMap({
  features,
  tiles,
  label,
  actorHref,
  onOpenActor,
  communes = NO_COMMUNES,
  bbox = null,
  onPlace,
}: {
  features: Feature[];
  tiles: Schemas['MapTilesDto'] | null;
  label: string;
  actorHref: (actorId: string) => string;
  onOpenActor: (actorId: string) => void;
  /** The territory's communes where actors are placed: drawn, labelled, when there are no tiles. */
  communes?: Commune[];
  /** The territory's known extent [west, south, east, north]: framed when there are no points. */
  bbox?: number[] | null;
  /** Placing mode: a click on the map gives its position. */
  onPlace?: (latitude: number, longitude: number) => void;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const cluster = useRef<L.MarkerClusterGroup | null>(null);
  const outline = useRef<L.LayerGroup | null>(null);
  const texts = useRef({ t, actorHref, onOpenActor, onPlace });
  texts.current = { t, actorHref, onOpenActor, onPlace };

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
    const group = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: (markerCluster) => {
        const count = markerCluster.getChildCount();
        const size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
        const html = element('div');
        html.append(
          element('span', undefined, String(count)),
          element('span', 'visually-hidden', texts.current.t('views:map.cluster', { count })),
        );
        html.firstElementChild?.setAttribute('aria-hidden', 'true');
        return L.divIcon({
          html: html.outerHTML,
          className: `marker-cluster marker-cluster-${size} views-cluster`,
          iconSize: L.point(40, 40),
        });
      },
    });
    group.addTo(instance);
    // Without tiles: the communes, labelled, under the actors.
    const communeLayer = L.layerGroup().addTo(instance);
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
    cluster.current = group;
    outline.current = communeLayer;
    return () => {
      node.removeEventListener('keydown', onKey);
      instance.remove();
      map.current = null;
      cluster.current = null;
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

  // The points: replaced whenever the filtered list changes.
  useEffect(() => {
    const instance = map.current;
    const group = cluster.current;
    if (!instance || !group) return;
    group.clearLayers();
    const markers = features.map((feature) => {
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
    group.addLayers(markers);
    if (markers.length > 0) {
      instance.fitBounds(group.getBounds(), { padding: [32, 32], maxZoom: 14 });
    } else if (bbox && bbox.length === 4) {
      const [west, south, east, north] = bbox as [number, number, number, number];
      instance.fitBounds(
        [
          [south, west],
          [north, east],
        ],
        { padding: [32, 32], maxZoom: 13 },
      );
    } else {
      instance.fitBounds(FRANCE);
    }
  }, [features, bbox]);

  return (
    <div
      ref={container}
      className={`views-map${tiles ? '' : ' views-map-plain'}${onPlace ? ' views-map-placing' : ''}`}
      role="region"
      aria-label={label}
      data-points={features.length}
    />
  );
}
