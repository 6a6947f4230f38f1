import { TextField } from "@radix-ui/themes";
import { Search } from "lucide-react";
import type { ReactNode } from "react";
import { useUrlText } from "../lib/use-url-text.ts";

/** A list's search box (magnifier, search semantics) whose text is a URL parameter: see `useUrlText`. */
export function SearchBox({
  value,
  onCommit,
  normalize,
  placeholder,
  label,
  testId,
}: {
  value: string | undefined;
  onCommit: (next: string | undefined) => void;
  normalize?: (text: string) => string | undefined;
  placeholder: string;
  label: string;
  testId: string;
}): ReactNode {
  const [text, setText] = useUrlText(value, onCommit, normalize);
  return (
    <TextField.Root
      type="search"
      placeholder={placeholder}
      aria-label={label}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
      }}
      className="search-box"
      data-testid={testId}
    >
      <TextField.Slot>
        <Search size={14} aria-hidden="true" />
      </TextField.Slot>
    </TextField.Root>
  );
}
