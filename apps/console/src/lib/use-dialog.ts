import { useState } from "react";

/** Anything a dialog starts afresh: a react-query mutation, a react-hook-form form (through a closure), … */
export interface Resettable {
  reset: () => void;
}

/** What Radix's dialogs (and FormDialog, ConfirmDialog, ReasonDialog) take to be controlled. */
export interface DialogBinding {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * A dialog's open state, kept here or by the caller (`controlled`). Opening it through its trigger resets what
 * `bind` names, so it never opens on the last attempt's error, input or outcome; `close` shuts it after a success
 * without touching them (the next opening resets them).
 */
export function useDialog(controlled: Partial<DialogBinding> = {}): {
  open: boolean;
  close: () => void;
  bind: (...resets: Resettable[]) => DialogBinding;
} {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlled.open ?? ownOpen;
  const setOpen = controlled.onOpenChange ?? setOwnOpen;
  return {
    open,
    close: () => {
      setOpen(false);
    },
    bind: (...resets) => ({
      open,
      onOpenChange: (next) => {
        setOpen(next);
        if (next) for (const item of new Set(resets)) item.reset();
      },
    }),
  };
}
