/**
 * Whether a basemap's vector layers are the Protomaps basemap schema, which is the only one the web app's
 * style (`@protomaps/basemaps`) draws. A file in another schema (OpenMapTiles: `transportation`, `place`,
 * …) would load without error and draw a blank map, so it is refused at start-up instead.
 */
export const PROTOMAPS_LAYERS = ['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'];
/** The Protomaps layers no other common schema has (OpenMapTiles also has water, landcover and landuse). */
const DISTINCTIVE = ['boundaries', 'buildings', 'earth', 'places', 'pois', 'roads', 'transit'];
const ESSENTIAL = ['earth', 'roads'];

export type SchemaVerdict = { ok: true; warning?: string } | { ok: false; problem: string };

/** `layerIds`: the ids of the file's `vector_layers`, or undefined when its metadata has none. */
export function checkProtomapsSchema(layerIds: readonly string[] | undefined): SchemaVerdict {
  if (layerIds === undefined) {
    return {
      ok: true,
      warning: 'its metadata lists no vector_layers, so whether the web app can draw it (Protomaps basemap schema) is unknown',
    };
  }
  const known = layerIds.filter((id) => DISTINCTIVE.includes(id));
  const listed = layerIds.slice(0, 6).join(', ') + (layerIds.length > 6 ? ', …' : '');
  if (known.length === 0) {
    const schema = layerIds.includes('transportation') ? 'the OpenMapTiles schema' : 'not the Protomaps basemap schema';
    return {
      ok: false,
      problem:
        `its layers (${listed || 'none'}) are ${schema}; the web app's style draws only Protomaps basemap tiles ` +
        '(layers earth, water, roads, places, …), so it would show a blank map. Get a Protomaps build (docs/operations.md)',
    };
  }
  const missing = ESSENTIAL.filter((id) => !layerIds.includes(id));
  if (missing.length > 0) return { ok: true, warning: `it has no ${missing.join(' or ')} layer, so parts of the map will be blank` };
  return { ok: true };
}
