import type { Localized } from "./localized.ts";

/** The upstream systems of art. 10.6 that push webhooks to the hub (one feed contract each). */
export interface FeedSourceDefinition {
  readonly name: Localized;
  /** EventBridge `source` of the notifications that come from this feed. */
  readonly eventSource: string;
}

export const feedSources = {
  kqp: {
    name: {
      kk: "Көші-қон полициясының ақпараттық жүйесі (КҚП АЖ)",
      ru: "Информационная система миграционной полиции (ИС МП)",
      en: "Migration police information system (KQP AZh)",
    },
    eventSource: "kz.mvd.hub.kqp",
  },
  burkit: {
    name: {
      kk: "«Бүркіт» бірыңғай ақпараттық жүйесі",
      ru: "Единая информационная система «Беркут»",
      en: "«Burkit» unified information system",
    },
    eventSource: "kz.mvd.hub.burkit",
  },
  bil: {
    name: {
      kk: "Жеке тұлғаны биометриялық сәйкестендірудің автоматтандырылған ақпараттық жүйесі («БИЛ» ААЖ)",
      ru: "Автоматизированная информационная система биометрической идентификации личности (АИС «БИЛ»)",
      en: "Automated biometric identification system («BIL» AAZh)",
    },
    eventSource: "kz.mvd.hub.bil",
  },
} as const satisfies Record<string, FeedSourceDefinition>;

export type FeedSourceId = keyof typeof feedSources;
export const feedSourceIds = Object.keys(feedSources) as [FeedSourceId, ...FeedSourceId[]];

export function isFeedSourceId(value: unknown): value is FeedSourceId {
  return typeof value === "string" && Object.hasOwn(feedSources, value);
}

/** Reports that units file themselves arrive through a later ingress with this EventBridge source. */
export const unitReportEventSource = "kz.mvd.hub.units";

/**
 * The hub's own processes that raise notifications (the overdue receipts checker, the monthly lists
 * job), each with the EventBridge `source` its notifications carry.
 */
export const hubProcesses = {
  receipts: { eventSource: "kz.mvd.hub.receipts" },
  lists: { eventSource: "kz.mvd.hub.lists" },
} as const;

export type HubProcessId = keyof typeof hubProcesses;

/** Every EventBridge `source` the hub emits; the bus admits nothing else. */
export const hubEventSources = [
  ...feedSourceIds.map((id) => feedSources[id].eventSource),
  unitReportEventSource,
  ...Object.values(hubProcesses).map((process) => process.eventSource),
];
