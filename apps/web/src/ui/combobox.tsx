import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A WAI-ARIA combobox's text input and its listbox of options: typing opens the
 * list, arrows move (wrapping), Enter chooses the active option (or the first, with
 * `enterPicksFirst`), Escape closes; a click chooses too. The caller filters the
 * options from the text and says what a choice does (`onChoose`, then the list closes).
 */
export function Combobox<Option>({
  id,
  describedBy,
  invalid,
  placeholder,
  label,
  text,
  onText,
  options,
  optionKey,
  renderOption,
  onChoose,
  enterPicksFirst = false,
}: {
  id: string;
  describedBy?: string;
  invalid?: boolean;
  placeholder?: string;
  /** The listbox's name. */
  label: string;
  text: string;
  onText: (text: string) => void;
  options: Option[];
  optionKey: (option: Option) => string;
  renderOption: (option: Option) => ReactNode;
  onChoose: (option: Option) => void;
  enterPicksFirst?: boolean;
}): ReactNode {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const count = options.length;
  const expanded = open && count > 0;
  const choose = (index: number): void => {
    const option = options[index];
    if (option === undefined) return;
    onChoose(option);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (count === 0 ? -1 : (index + step + count) % count));
    } else if (event.key === 'Enter' && expanded && (active >= 0 || enterPicksFirst)) {
      event.preventDefault();
      choose(Math.max(active, 0));
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };
  return (
    <div className="combobox">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          onText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
        {options.map((option, index) => (
          <li
            key={optionKey(option)}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(index)}
          >
            {renderOption(option)}
          </li>
        ))}
      </ul>
    </div>
  );
}
