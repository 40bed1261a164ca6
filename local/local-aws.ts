/** Credentials for the local stand-ins, which accept any; real AWS calls never use these. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" } as const;

/** The region the local stand-ins and their clients name: any would do; this is the hub's default in AWS. */
export const LOCAL_REGION = "eu-central-1";

/** The AWS account the local hub pretends to run in (the emulators' own default). */
export const LOCAL_ACCOUNT = "000000000000";
