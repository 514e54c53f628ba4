/**
 * The paths that belong to the API (`/v1/…` and `/healthz`): the web app never answers them with its shell
 * (static-web.ts), and a listed web origin may call them (cors.ts). One pattern, so the two cannot disagree.
 */
export const API_PATH = /^\/(v1(\/|$)|healthz$)/;
