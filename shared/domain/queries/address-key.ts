/**
 * Comparison keys of free text the upstream systems write differently: addresses and organisation
 * names. "г. Алматы, ул. Абая, д.5" and "Г АЛМАТЫ  УЛ АБАЯ Д 5" are the same address.
 */

const PUNCTUATION_OR_SPACE = /[\p{P}\p{S}\p{Z}\s]+/gu;

/**
 * NFC, lower-case, ё read as е, every run of punctuation, symbols (quotes «», №) and whitespace made
 * one space, trimmed. Letters and digits stay as written: the key does not transliterate, as a house
 * number or a Latin building name must keep its identity.
 */
export function textKey(text: string): string {
  return text.normalize("NFC").toLowerCase().replaceAll("ё", "е").replace(PUNCTUATION_OR_SPACE, " ").trim();
}

/**
 * The key of an address: the locality's {@link textKey}, then the address's from after the locality
 * when it names it (addresses run from the general to the particular, so what precedes the locality —
 * "г.", a country, a region — adds nothing). "Алматы" + "ул. Абая, 5" and "г. Алматы, ул. Абая, 5" are
 * one address.
 */
export function addressKey(address: string, locality?: string): string {
  const addressText = textKey(address);
  const localityText = locality === undefined ? "" : textKey(locality);
  if (localityText === "") return addressText;
  const at = ` ${addressText} `.indexOf(` ${localityText} `);
  const rest = at === -1 ? addressText : addressText.slice(at + localityText.length).trim();
  return rest === "" ? localityText : `${localityText} ${rest}`;
}
