/** The place dataset's URL, from `packages/places/node/places-dataset-plugin.ts` (see `vite.config.ts`). */
declare module 'virtual:entwine-places-dataset' {
  const url: string;
  export default url;
}
