import { useEffect, useState } from "react";

/** How long typing must pause before a search goes to the server (one request per pause, not per keystroke). */
const TYPING_PAUSE_MS = 200;

/** `value` once it has stayed the same for a typing pause; the first value at once. */
export function useTypingPause<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(value);
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [value]);
  return settled;
}
