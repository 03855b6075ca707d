export { findTool, findToolPath, toolSearchDirs, parseVersion, DEFAULT_TOOLS_DIR } from "./find-tool.js";
export type { ToolLocation, FindToolOptions } from "./find-tool.js";
