/** File names inside a root-of-trust folder. */
export const ROOT_FILE = "root.json";
export const CATALOG_FILE = "catalog.json";
export const TIMESTAMP_FILE = "timestamp.json";
export const chainFile = (version: number): string => `${version}.root.json`;
