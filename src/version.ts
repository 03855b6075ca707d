import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assetsDir } from "./config/assets.js";

export const VERSION: string = (JSON.parse(readFileSync(join(assetsDir(), "package.json"), "utf8")) as { version: string }).version;
