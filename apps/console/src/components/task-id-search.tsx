import { TextField } from "@radix-ui/themes";
import { Search } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";

const DEBOUNCE_MS = 300;

/**
 * The task id search box: typing updates the URL once the user pauses (not on every key, which would fill the
 * history and refetch per letter); the URL stays the source of truth (Back restores the box).
 */
export function TaskIdSearch({ value, onChange }: { value: string; onChange: (next: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  // A new URL (Back, a link) replaces what the box shows.
  useEffect(() => {
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => {
      onChange(text.trim());
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [text, value, onChange]);
  return (
    <TextField.Root
      size="2"
      type="search"
      placeholder="Task id starts with…"
      aria-label="Search by task id"
      value={text}
      maxLength={200}
      onChange={(event) => {
        setText(event.target.value);
      }}
      data-testid="task-search"
    >
      <TextField.Slot>
        <Search size={14} aria-hidden="true" />
      </TextField.Slot>
    </TextField.Root>
  );
}
