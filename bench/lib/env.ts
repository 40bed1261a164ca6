/**
 * Imported first by the benchmark entry: the settings every benchmark process runs with, before any
 * module that reads them at import or construction time is evaluated.
 */
export const benchEnvironment = {
  POWERTOOLS_METRICS_DISABLED: "true",
  POWERTOOLS_LOG_LEVEL: "ERROR",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
} as const;

Object.assign(process.env, benchEnvironment);
