import { useEffect, useRef, useState } from "react";

/** How long typing must pause before the URL follows the box (each change replaces the history entry). */
const TYPING_PAUSE_MS = 300;

/** Blank is no filter; anything else is kept as typed. */
function blankAsUndefined(text: string): string | undefined {
  return text.trim() === "" ? undefined : text;
}

/**
 * The text of a box that filters through the URL: it follows the URL's `value` (Back, a shared link), and the URL
 * follows the box (`commit`, with the `normalize`d text) once typing pauses, unless that is already the value.
 */
export function useUrlText(
  value: string | undefined,
  commit: (next: string | undefined) => void,
  normalize: (text: string) => string | undefined = blankAsUndefined,
): [string, (text: string) => void] {
  const [text, setText] = useState(value ?? "");
  // The latest callbacks, so a re-render of the page (a refetch) does not restart the pause.
  const latest = useRef({ commit, normalize });
  useEffect(() => {
    latest.current = { commit, normalize };
  });
  useEffect(() => {
    setText(value ?? "");
  }, [value]);
  useEffect(() => {
    const next = latest.current.normalize(text);
    if (next === value) return;
    const timer = setTimeout(() => {
      latest.current.commit(next);
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [text, value]);
  return [text, setText];
}
