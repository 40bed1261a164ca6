/** Credentials for the local stand-ins, which accept any; real AWS calls never use these. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" } as const;
