/**
 * Where the relay is. By default the page's own origin: the relay serves the app and the API together.
 * A build made with `VITE_ENTWINE_RELAY_URL=https://relay.example` talks to that relay instead, so the app
 * can be served from a separate static origin that the relay's operator does not control (docs/operations.md;
 * the relay then runs with `--web-origin` for CORS, and the static host's CSP must allow it in `connect-src`).
 * It is a build setting, not a page setting, so a link or a relay can never point an installed app elsewhere.
 */
export function relayOrigin(): string {
  const configured = import.meta.env.VITE_ENTWINE_RELAY_URL as string | undefined;
  return configured ? new URL(configured).origin : location.origin;
}

/** An invite link as the client makes it (on the relay's origin), moved to the origin this app is served from. */
export function appInviteLink(link: string): string {
  const relay = relayOrigin();
  return link.startsWith(`${relay}/`) ? location.origin + link.slice(relay.length) : link;
}
