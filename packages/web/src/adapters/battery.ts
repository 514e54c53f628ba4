/**
 * The Battery Status API, where the browser has it (Chromium does; Firefox and Safari do not): the level
 * (0…1) and whether it charges, now and on every change. Partners get only its quarter, if they get
 * presence at all; without the API presence simply carries no battery.
 */

interface BatteryManager extends EventTarget {
  level: number;
  charging: boolean;
}

export type BatteryReading = { level: number; charging: boolean } | undefined;

/** Calls `onChange` with the battery now and on each change; returns a stop function. */
export function watchBattery(onChange: (battery: BatteryReading) => void): () => void {
  const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManager> };
  let stopped = false;
  let stop = () => {
    stopped = true;
  };
  if (typeof nav.getBattery !== 'function') return stop;
  nav
    .getBattery()
    .then((battery) => {
      if (stopped) return;
      const push = () => {
        const level = Number.isFinite(battery.level) ? Math.min(1, Math.max(0, battery.level)) : undefined;
        onChange(level === undefined ? undefined : { level, charging: battery.charging });
      };
      push();
      battery.addEventListener('levelchange', push);
      battery.addEventListener('chargingchange', push);
      stop = () => {
        battery.removeEventListener('levelchange', push);
        battery.removeEventListener('chargingchange', push);
      };
    })
    .catch(() => undefined); // no battery to report
  return () => stop();
}
