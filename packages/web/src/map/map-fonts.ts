/**
 * The fonts map labels are drawn with, shipped inside the app: Noto Sans (SIL Open Font License 1.1, from
 * `@fontsource/noto-sans`), bundled by Vite as hashed assets on the app's own origin. The style names them in
 * its root `font-faces` property, so MapLibre draws each label locally (CSS Font Loading API + TinySDF) and
 * never asks a `glyphs` server: no style of ours has a `glyphs` URL at all. A character no file covers (a
 * script other than Latin, Greek, Cyrillic or Vietnamese) is drawn with the browser's own fonts, still locally.
 *
 * The names are the ones the Protomaps layers put in `text-font`. Each file is fetched only when a label
 * first needs a character it covers. `no-inline` keeps every file a same-origin URL: the page's CSP gives
 * `fetch` no `data:` URLs.
 */

import italicCyrillic from '@fontsource/noto-sans/files/noto-sans-cyrillic-400-italic.woff2?url&no-inline';
import regularCyrillic from '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff2?url&no-inline';
import mediumCyrillic from '@fontsource/noto-sans/files/noto-sans-cyrillic-500-normal.woff2?url&no-inline';
import italicGreek from '@fontsource/noto-sans/files/noto-sans-greek-400-italic.woff2?url&no-inline';
import regularGreek from '@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff2?url&no-inline';
import mediumGreek from '@fontsource/noto-sans/files/noto-sans-greek-500-normal.woff2?url&no-inline';
import italicLatin from '@fontsource/noto-sans/files/noto-sans-latin-400-italic.woff2?url&no-inline';
import regularLatin from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url&no-inline';
import mediumLatin from '@fontsource/noto-sans/files/noto-sans-latin-500-normal.woff2?url&no-inline';
import italicLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-italic.woff2?url&no-inline';
import regularLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url&no-inline';
import mediumLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-500-normal.woff2?url&no-inline';
import italicVietnamese from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-italic.woff2?url&no-inline';
import regularVietnamese from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff2?url&no-inline';
import mediumVietnamese from '@fontsource/noto-sans/files/noto-sans-vietnamese-500-normal.woff2?url&no-inline';
import type { FontFacesSpecification, MLFontFace } from 'maplibre-gl';

/**
 * Fontsource's subsets (its `unicode.json`), in the order a browser checks Google's CSS for them: where two
 * ranges overlap (combining marks, a few Vietnamese letters) the first listed file is the one holding the glyph.
 */
const RANGES = {
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  latinExt:
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  vietnamese:
    'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
  greek: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
} as const;

type Subset = keyof typeof RANGES;

const FILES: Record<'regular' | 'medium' | 'italic', Record<Subset, string>> = {
  regular: {
    latin: regularLatin,
    latinExt: regularLatinExt,
    vietnamese: regularVietnamese,
    greek: regularGreek,
    cyrillic: regularCyrillic,
  },
  medium: { latin: mediumLatin, latinExt: mediumLatinExt, vietnamese: mediumVietnamese, greek: mediumGreek, cyrillic: mediumCyrillic },
  italic: { latin: italicLatin, latinExt: italicLatinExt, vietnamese: italicVietnamese, greek: italicGreek, cyrillic: italicCyrillic },
};

/** The font names styles use in `text-font`: the Protomaps layers' own, and the outline map's. */
export const FONT = { regular: 'Noto Sans Regular', medium: 'Noto Sans Medium', italic: 'Noto Sans Italic' } as const;

function faces(files: Record<Subset, string>): MLFontFace[] {
  return (Object.keys(RANGES) as Subset[]).map((subset) => ({
    // Absolute, so the URL means the same wherever MapLibre resolves it.
    url: new URL(files[subset], location.href).href,
    'unicode-range': RANGES[subset].split(','),
  }));
}

/** The style's root `font-faces`: every label font, from the app's own origin. */
export function fontFaces(): FontFacesSpecification {
  return {
    [FONT.regular]: faces(FILES.regular),
    [FONT.medium]: faces(FILES.medium),
    [FONT.italic]: faces(FILES.italic),
  };
}
