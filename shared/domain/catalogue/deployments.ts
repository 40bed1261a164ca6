import type { Localized } from "./localized.ts";

/**
 * A deployment is one police department's hub: one CDK stack, one AWS region of its choosing.
 * `isoCode` is ISO 3166-2:KZ; the Transport Police Department serves the whole country's transport
 * network and has none. `timeZone` is the IANA zone of local clocks there, used to read upstream
 * times written without an offset (all of Kazakhstan is UTC+5 since 2024-03-01; before that the
 * Almaty-zone regions were UTC+6).
 */
export interface DeploymentDefinition {
  readonly kind: "oblast" | "city" | "transport";
  readonly isoCode: `KZ-${number}` | null;
  readonly name: Localized;
  readonly timeZone: string;
}

export const deployments = {
  abai: {
    kind: "oblast",
    isoCode: "KZ-10",
    name: { kk: "Абай облысы", ru: "Область Абай", en: "Abai Region" },
    timeZone: "Asia/Almaty",
  },
  akmola: {
    kind: "oblast",
    isoCode: "KZ-11",
    name: { kk: "Ақмола облысы", ru: "Акмолинская область", en: "Akmola Region" },
    timeZone: "Asia/Almaty",
  },
  aktobe: {
    kind: "oblast",
    isoCode: "KZ-15",
    name: { kk: "Ақтөбе облысы", ru: "Актюбинская область", en: "Aktobe Region" },
    timeZone: "Asia/Aqtobe",
  },
  "almaty-region": {
    kind: "oblast",
    isoCode: "KZ-19",
    name: { kk: "Алматы облысы", ru: "Алматинская область", en: "Almaty Region" },
    timeZone: "Asia/Almaty",
  },
  atyrau: {
    kind: "oblast",
    isoCode: "KZ-23",
    name: { kk: "Атырау облысы", ru: "Атырауская область", en: "Atyrau Region" },
    timeZone: "Asia/Atyrau",
  },
  "west-kazakhstan": {
    kind: "oblast",
    isoCode: "KZ-27",
    name: { kk: "Батыс Қазақстан облысы", ru: "Западно-Казахстанская область", en: "West Kazakhstan Region" },
    timeZone: "Asia/Oral",
  },
  zhambyl: {
    kind: "oblast",
    isoCode: "KZ-31",
    name: { kk: "Жамбыл облысы", ru: "Жамбылская область", en: "Zhambyl Region" },
    timeZone: "Asia/Almaty",
  },
  zhetysu: {
    kind: "oblast",
    isoCode: "KZ-33",
    name: { kk: "Жетісу облысы", ru: "Область Жетісу", en: "Zhetysu Region" },
    timeZone: "Asia/Almaty",
  },
  karaganda: {
    kind: "oblast",
    isoCode: "KZ-35",
    name: { kk: "Қарағанды облысы", ru: "Карагандинская область", en: "Karaganda Region" },
    timeZone: "Asia/Almaty",
  },
  kostanay: {
    kind: "oblast",
    isoCode: "KZ-39",
    name: { kk: "Қостанай облысы", ru: "Костанайская область", en: "Kostanay Region" },
    timeZone: "Asia/Qostanay",
  },
  kyzylorda: {
    kind: "oblast",
    isoCode: "KZ-43",
    name: { kk: "Қызылорда облысы", ru: "Кызылординская область", en: "Kyzylorda Region" },
    timeZone: "Asia/Qyzylorda",
  },
  mangystau: {
    kind: "oblast",
    isoCode: "KZ-47",
    name: { kk: "Маңғыстау облысы", ru: "Мангистауская область", en: "Mangystau Region" },
    timeZone: "Asia/Aqtau",
  },
  pavlodar: {
    kind: "oblast",
    isoCode: "KZ-55",
    name: { kk: "Павлодар облысы", ru: "Павлодарская область", en: "Pavlodar Region" },
    timeZone: "Asia/Almaty",
  },
  "north-kazakhstan": {
    kind: "oblast",
    isoCode: "KZ-59",
    name: {
      kk: "Солтүстік Қазақстан облысы",
      ru: "Северо-Казахстанская область",
      en: "North Kazakhstan Region",
    },
    timeZone: "Asia/Almaty",
  },
  turkistan: {
    kind: "oblast",
    isoCode: "KZ-61",
    name: { kk: "Түркістан облысы", ru: "Туркестанская область", en: "Turkistan Region" },
    timeZone: "Asia/Almaty",
  },
  ulytau: {
    kind: "oblast",
    isoCode: "KZ-62",
    name: { kk: "Ұлытау облысы", ru: "Область Ұлытау", en: "Ulytau Region" },
    timeZone: "Asia/Almaty",
  },
  "east-kazakhstan": {
    kind: "oblast",
    isoCode: "KZ-63",
    name: {
      kk: "Шығыс Қазақстан облысы",
      ru: "Восточно-Казахстанская область",
      en: "East Kazakhstan Region",
    },
    timeZone: "Asia/Almaty",
  },
  astana: {
    kind: "city",
    isoCode: "KZ-71",
    name: { kk: "Астана қаласы", ru: "город Астана", en: "Astana" },
    timeZone: "Asia/Almaty",
  },
  almaty: {
    kind: "city",
    isoCode: "KZ-75",
    name: { kk: "Алматы қаласы", ru: "город Алматы", en: "Almaty" },
    timeZone: "Asia/Almaty",
  },
  shymkent: {
    kind: "city",
    isoCode: "KZ-79",
    name: { kk: "Шымкент қаласы", ru: "город Шымкент", en: "Shymkent" },
    timeZone: "Asia/Almaty",
  },
  transport: {
    kind: "transport",
    isoCode: null,
    name: {
      kk: "Көліктегі полиция департаменті",
      ru: "Департамент полиции на транспорте",
      en: "Transport Police Department",
    },
    timeZone: "Asia/Almaty",
  },
} as const satisfies Record<string, DeploymentDefinition>;

export type DeploymentId = keyof typeof deployments;
export const deploymentIds = Object.keys(deployments) as [DeploymentId, ...DeploymentId[]];

/** The geographic deployments' ISO 3166-2:KZ codes, the values upstream records carry as `region`. */
export type RegionCode = Exclude<(typeof deployments)[DeploymentId]["isoCode"], null>;
export const regionCodes = deploymentIds.flatMap((id) => {
  const code = deployments[id].isoCode;
  return code === null ? [] : [code];
}) as [RegionCode, ...RegionCode[]];

export function isDeploymentId(value: unknown): value is DeploymentId {
  return typeof value === "string" && Object.hasOwn(deployments, value);
}

const deploymentByRegion: ReadonlyMap<string, DeploymentId> = new Map(
  deploymentIds.flatMap((id) => {
    const code = deployments[id].isoCode;
    return code === null ? [] : [[code, id] as const];
  }),
);

export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === "string" && deploymentByRegion.has(value);
}

/** The deployment that serves a region (the Transport Police serve none by code). */
export function deploymentOfRegion(code: RegionCode): DeploymentId {
  const found = deploymentByRegion.get(code);
  if (found === undefined) throw new Error(`no deployment for region ${code}`);
  return found;
}

/** The deployment that uses `transport` (no region code) when a record has no region. */
export const TRANSPORT_DEPLOYMENT = "transport" satisfies DeploymentId;

/**
 * The `region` values a deployment's notifications can carry (see shared/domain/jurisdiction.ts): a
 * geographic deployment's own code; for `transport`, every region and `null` (no region).
 */
export function regionsOf(deployment: DeploymentId): Array<RegionCode | null> {
  const code = deployments[deployment].isoCode;
  return code === null ? [...regionCodes, null] : [code];
}

/** The IANA zone of a region's local clocks; a record without a region is read in the Transport Police's. */
export function timeZoneOf(region: RegionCode | null): string {
  return deployments[region === null ? TRANSPORT_DEPLOYMENT : deploymentOfRegion(region)].timeZone;
}

/** "Almaty (KZ-75)" for a known code, the value itself otherwise, "—" for none. */
export function regionLabel(code: string | null): string {
  if (code === null) return "—";
  return isRegionCode(code) ? `${deployments[deploymentOfRegion(code)].name.en} (${code})` : code;
}
