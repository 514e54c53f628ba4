/** Types for `fresh-bundle.js`. */
export declare function freshBundleEntry(packageDir: string): string | undefined;
