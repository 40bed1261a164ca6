export * from "./deployments.ts";
export * from "./kinds.ts";
export * from "./localized.ts";
export * from "./queries.ts";
export * from "./routing.ts";
export * from "./sources.ts";
export * from "./statistics.ts";
export * from "./units.ts";
