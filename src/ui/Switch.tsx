/** A checkbox drawn as a switch (page.css); the real input stays focusable and keeps its role. */
export function Switch({
  label,
  checked,
  onChange,
  describedBy,
}: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  /** Id of what the switch applies to (e.g. the heading of the pack it turns on). */
  describedBy?: string
}) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span class="switch-track" aria-hidden="true" />
      <span class="switch-label">{label}</span>
    </label>
  )
}
