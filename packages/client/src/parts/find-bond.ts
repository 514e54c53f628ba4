/** Finding a bond by what a person types: its id, an active partner's name, then any partner's name. */
import type { BondState, DeviceState } from '../state.ts';

export function findBond(state: DeviceState, who: string): BondState | undefined {
  const all = Object.values(state.bonds);
  const name = who.toLowerCase();
  return (
    state.bonds[who] ??
    all.find((b) => b.status === 'active' && b.peer.name.toLowerCase() === name) ??
    all.find((b) => b.peer.name.toLowerCase() === name)
  );
}

/** A deep copy of plain state, so a caller can never edit the device's own. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
