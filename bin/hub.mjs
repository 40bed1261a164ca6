#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the repository needs no build step before `npx hub`.
import { register } from "tsx/esm/api";

// The SDK warns on every run that its 2027 releases need Node 22; this checkout pins a release that works on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../cli/main.ts");
