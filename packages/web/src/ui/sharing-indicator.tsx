/**
 * The persistent indicator: on every screen, whenever this person shares anything with anyone, it says
 * with whom. It is drawn from the device's own shields (`sharingWith`: any facet not hidden), not from a guess.
 */
import { navigate } from '../app/route.ts';

export function SharingIndicator({ sharingWith }: { sharingWith: string[] }) {
  const on = sharingWith.length > 0;
  return (
    <button
      type="button"
      className={`indicator ${on ? 'on' : 'off'}`}
      data-sharing={on ? 'on' : 'off'}
      aria-live="polite"
      onClick={() => navigate({ name: 'sharing' })}
      title="What you share, and with whom"
    >
      <span className="dot" aria-hidden="true" />
      <span className="text">{on ? `Sharing with ${sharingWith.join(', ')}` : 'Sharing nothing'}</span>
    </button>
  );
}
