/** Text in the three languages the hub speaks: Kazakh (state language), Russian and English. */
export interface Localized {
  readonly kk: string;
  readonly ru: string;
  readonly en: string;
}

export const languages = ["kk", "ru", "en"] as const;
export type Language = (typeof languages)[number];
