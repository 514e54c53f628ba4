/** The action row of a one-step form: the submit button (busy while its action runs) and Back. */
export function FormActions({ label, busyLabel, busy, onBack }: { label: string; busyLabel: string; busy: boolean; onBack: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" onClick={onBack}>
        Back
      </button>
    </div>
  );
}
