/** Types for `bundle.js` (plain JavaScript: it runs where no TypeScript loader is registered). */
export declare const PACKAGE_DIR: string;
export declare const DIST_DIR: string;
export declare const POINTER_FILE: string;
export declare function bundleCli(): Promise<{ dir: string; startedAt: number; inputs: string[] }>;
