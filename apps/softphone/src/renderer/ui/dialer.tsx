// Dialling: one textbox "Number or name" for an E.164 number, a SIP address or a colleague's
// name, with suggestions from the company directory (a listbox under the textbox, arrow keys to
// move, Enter to pick), and "Call".
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Colleague } from '@eims/phone';
import { usePhoneController } from './use-phone.ts';

export function Dialer({ disabled, inputRef }: { disabled: boolean; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const controller = usePhoneController();
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Colleague | undefined>();
  const [suggestions, setSuggestions] = useState<Colleague[]>([]);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const query = useRef('');

  useEffect(() => {
    const q = text.trim();
    query.current = q;
    if (picked || q.length < 2 || /^[+0-9\s().-]+$/.test(q) || q.includes('@') || q.startsWith('sip:')) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      void controller.searchColleagues(q).then((found) => {
        if (query.current === q) {
          setSuggestions(found);
          setActive(-1);
        }
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [text, picked, controller]);

  const pick = (c: Colleague) => {
    setPicked(c);
    setText(c.name);
    setSuggestions([]);
    setActive(-1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = picked && picked.name === text ? picked : undefined;
    const target = chosen ? chosen.threePid : text;
    if (target.trim() === '') return;
    void controller.call(target, chosen ? { name: chosen.name, ...(chosen.e164 ? { number: chosen.e164 } : {}) } : undefined);
    setText('');
    setPicked(undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (suggestions.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      pick(suggestions[active]!);
    } else if (event.key === 'Escape') {
      setSuggestions([]);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <form className="dialer" onSubmit={submit} role="search" aria-label="Dial">
      <label htmlFor={`${listId}-input`}>Number or name</label>
      <div className="dial-row">
        <input
          id={`${listId}-input`}
          ref={inputRef}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="+1 202 555 0102, bob@acme.example or Bob"
          value={text}
          disabled={disabled}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-expanded={suggestions.length > 0}
          aria-keyshortcuts="/"
          {...(active >= 0 ? { 'aria-activedescendant': optionId(active) } : {})}
          onChange={(e) => {
            setText(e.target.value);
            if (picked && e.target.value !== picked.name) setPicked(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="call" disabled={disabled || text.trim() === ''}>
          Call
        </button>
      </div>
      <ul id={listId} role="listbox" aria-label="Colleagues" className="suggestions" hidden={suggestions.length === 0}>
        {suggestions.map((c, i) => (
          <li key={c.threePid} id={optionId(i)} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(c)}>
            <span className="suggestion-name">{c.name}</span>
            <span className="suggestion-detail">{[c.title, c.department, c.e164].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}
