import type { ReactNode } from "react";
import { RANGE_PRESETS, type RangePreset } from "../lib/date-range.ts";

export function RangePicker({
  value,
  onChange,
}: {
  value: RangePreset;
  onChange: (preset: RangePreset) => void;
}): ReactNode {
  return (
    <div className="segmented" role="group" aria-label="Period">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset.id}
          type="button"
          aria-pressed={preset.id === value}
          className={preset.id === value ? "active" : ""}
          onClick={() => {
            onChange(preset.id);
          }}
          data-testid={`range-${preset.id}`}
        >
          {preset.label}
        </button>
      ))}
    </div>
  );
}
