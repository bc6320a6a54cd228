import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Combobox } from '../../ui/combobox';
import { FieldShell } from '../../ui/components';
import { searchable } from './graph-layout';
import type { GraphNode } from './queries';

/** At most this many names in the list (typing more narrows it). */
const MAX_OPTIONS = 20;

/**
 * Finds an actor of the graph by name, accents and case ignored (WAI-ARIA combobox:
 * type to search, arrows to move, Enter to choose, Escape to close).
 */
export function GraphSearch({
  nodes,
  onChoose,
}: {
  nodes: GraphNode[];
  onChoose: (node: GraphNode) => void;
}): ReactNode {
  const { t } = useTranslation(['views', 'domain']);
  const [text, setText] = useState('');
  // The names' search keys are made on the first keystroke, not when the page opens.
  const typing = text.length > 0;
  const index = useMemo(
    () => (typing ? nodes.map((node) => ({ key: searchable(node.name), node })) : []),
    [nodes, typing],
  );
  const options = useMemo(() => {
    const term = searchable(text);
    if (!term) return [];
    const starting: GraphNode[] = [];
    const containing: GraphNode[] = [];
    for (const { key, node } of index) {
      if (key.startsWith(term)) starting.push(node);
      else if (key.includes(term)) containing.push(node);
      if (starting.length >= MAX_OPTIONS) break;
    }
    return [...starting, ...containing].slice(0, MAX_OPTIONS);
  }, [index, text]);
  const term = searchable(text);
  return (
    <div className="views-graph-search">
      <FieldShell label={t('views:graph.search')} hint={t('views:graph.searchHint')}>
        {({ id, describedBy }) => (
          <Combobox
            id={id}
            describedBy={describedBy}
            label={t('views:graph.search')}
            text={text}
            onText={setText}
            options={options}
            optionKey={(node) => node.id}
            renderOption={(node) => (
              <>
                {node.name}
                <span className="muted"> · {t(`domain:category.${node.category}`)}</span>
              </>
            )}
            onChoose={(node) => {
              onChoose(node);
              setText(node.name);
            }}
            enterPicksFirst
          />
        )}
      </FieldShell>
      <p className="visually-hidden" role="status">
        {term ? t('views:graph.found', { count: options.length }) : ''}
      </p>
    </div>
  );
}
