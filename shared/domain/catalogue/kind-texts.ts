import type { KindId } from "./kinds.ts";
import type { Localized } from "./localized.ts";

/**
 * What people read of a kind: its title (which every notification of the kind carries) and the
 * description of the docs and the contracts. Kept apart from the kinds' facts (kinds.ts: origin,
 * articles, subscribers, receipt class), which every function loads, so that a function that raises
 * no notification and documents nothing ships no texts.
 */
export interface KindText {
  readonly title: Localized;
  readonly description: string;
}

export const kindTexts = {
  "foreigner.departure-evaded": {
    title: {
      kk: "Шетелдік Қазақстан Республикасынан шығудан жалтарды",
      ru: "Иностранец уклонился от выезда из Республики Казахстан",
      en: "Foreigner evaded leaving Kazakhstan",
    },
    description: "A foreigner whose permitted stay ended and who was obliged to leave has not left.",
  },
  "inviter.frequent-risk-country": {
    title: {
      kk: "Көші-қон тәуекелі елдерінен шетелдіктерді жиі шақыратын тұлға",
      ru: "Лицо, часто приглашающее иностранцев из стран миграционного риска",
      en: "Frequent inviter of foreigners from migration-risk countries",
    },
    description:
      "A person or company that frequently invites foreigners from migration-risk countries (Africa, South-East Asia, war zones and others).",
  },
  "permit.permanent-revoked": {
    title: {
      kk: "Тұрақты тұруға арналған рұқсаттың күші жойылды",
      ru: "Разрешение на постоянное проживание аннулировано",
      en: "Permanent residence permit revoked",
    },
    description: "A decision was taken to cancel a person's permanent residence permit.",
  },
  "permit.stay-shortened": {
    title: {
      kk: "Визаның немесе уақытша тұруға рұқсаттың мерзімі қысқартылды",
      ru: "Срок визы или разрешения на временное проживание сокращён",
      en: "Visa or temporary residence permit shortened",
    },
    description: "The term of a foreigner's visa or temporary residence permit was shortened.",
  },
  "offence.admin-519": {
    title: {
      kk: "ӘҚБтК 519-бабы бойынша жауапкершілікке тартылды",
      ru: "Привлечён к ответственности по статье 519 КоАП",
      en: "Held liable under Administrative Offences Code art. 519",
    },
    description:
      "A person was held liable under art. 519 of the Administrative Offences Code (migration law); also sent as a monthly list.",
  },
  "permit.repeat-applicant": {
    title: {
      kk: "Уақытша тұруға рұқсатқа бірнеше рет өтініш берген немесе бір мекенжайға көп шетелдік тіркеген тұлға",
      ru: "Лицо, неоднократно ходатайствующее о временном проживании иностранцев или регистрирующее многих по одному адресу",
      en: "Repeat applicant for foreigners' temporary residence, or many registered at one address",
    },
    description:
      "A person repeatedly applying for temporary residence of foreigners, or inviting and registering many foreigners at one address.",
  },
  "registration.migration": {
    title: {
      kk: "Үшінші ел азаматы көші-қон есебіне қойылды",
      ru: "Гражданин третьей страны поставлен на миграционный учёт",
      en: "Third-country national put on the migration register",
    },
    description:
      "A third-country national or stateless person was put on the migration register or registered at a place of stay.",
  },
  "citizenship.granted": {
    title: {
      kk: "Қазақстан Республикасының азаматтығын алды",
      ru: "Приобретено гражданство Республики Казахстан",
      en: "Kazakhstan citizenship acquired",
    },
    description: "A person acquired the citizenship of the Republic of Kazakhstan.",
  },
  "labour.foreign-worker": {
    title: {
      kk: "Еңбек қызметін жүзеге асыратын шетелдік",
      ru: "Иностранец, осуществляющий трудовую деятельность",
      en: "Foreigner carrying out labour activity",
    },
    description: "A foreigner carrying out labour activity in Kazakhstan (permit or labour-migrant record).",
  },
  "expulsion.ordered": {
    title: {
      kk: "Шығарып жіберу туралы шешім қабылданды",
      ru: "Вынесено решение о выдворении",
      en: "Expulsion ordered",
    },
    description:
      "Expulsion was ordered: the person is to be escorted to a border checkpoint by rail, air, road or water.",
  },
  "expulsion.evaded": {
    title: {
      kk: "Шығарып жіберу туралы шешімді орындаудан жалтарды",
      ru: "Уклонение от исполнения решения о выдворении",
      en: "Expulsion decision evaded",
    },
    description: "A person is evading the execution of an expulsion decision.",
  },
  "border.illegal-crossing": {
    title: {
      kk: "Мемлекеттік шекараны қасақана заңсыз кесіп өту",
      ru: "Умышленное незаконное пересечение Государственной границы",
      en: "Intentional illegal crossing of the State Border",
    },
    description: "An intentional illegal crossing of the State Border of Kazakhstan was recorded.",
  },
  "border.entry-ban-hit": {
    title: {
      kk: "Келуге тыйым салынған адам анықталды",
      ru: "Выявлено лицо, которому запрещён въезд",
      en: "Person banned from entry detected",
    },
    description:
      "A person banned from entering Kazakhstan was detected at a border checkpoint or inside the country.",
  },
  "document.invalid": {
    title: {
      kk: "Жарамсыз немесе тәртіп бұзылып берілген құжат ұсынылды",
      ru: "Предъявлен недействительный или выданный с нарушением документ",
      en: "Invalid or irregularly issued identity document presented",
    },
    description: "An invalid or irregularly issued identity document of a foreign state was presented.",
  },
  "stay.overstay": {
    title: {
      kk: "Болу мерзімі аяқталды, шығу тіркелмеді",
      ru: "Срок пребывания истёк, выезд не зафиксирован",
      en: "Permitted stay ended, no exit recorded",
    },
    description: "A foreigner's permitted stay ended and no exit from Kazakhstan was recorded.",
  },
  "transit.violation": {
    title: {
      kk: "Транзит қағидаларын бұзу",
      ru: "Нарушение правил транзитного проезда",
      en: "Transit rules violated",
    },
    description: "A transit through Kazakhstan in breach of the transit rules (route, term or exit point).",
  },
  "biometric.identity-conflict": {
    title: {
      kk: "Адам басқа сәйкестендіру деректерімен анықталды",
      ru: "Лицо выявлено под другими установочными данными",
      en: "Same person found under another identity",
    },
    description: "Biometric identification matched the person to an earlier record under another identity.",
  },
  "biometric.watchlist-hit": {
    title: {
      kk: "Адам шығарылған, тыйым салынған немесе іздеудегі адаммен сәйкес келді",
      ru: "Лицо совпало с выдворенным, запрещённым к въезду или разыскиваемым",
      en: "Person matches a deported, banned or wanted record",
    },
    description: "Biometric identification matched the person to a deported, entry-banned or wanted record.",
  },
  "labour.migrant-location": {
    title: {
      kk: "Еңбекші көшіп-қонушылардың мекенжайлары мен орналасқан жерлері",
      ru: "Адреса и места нахождения трудовых мигрантов",
      en: "Where labour migrants live and work",
    },
    description:
      "Addresses and sites where labour migrants live and work (industrial and building sites, markets, farms).",
  },
  "labour.illegal-employment": {
    title: {
      kk: "Шетелдік жұмыс күшін заңсыз тарту фактісі",
      ru: "Факт незаконного привлечения иностранной рабочей силы",
      en: "Illegal use of foreign labour",
    },
    description: "A case of illegal attraction or use of foreign labour.",
  },
  "provider.housing-or-job": {
    title: {
      kk: "Шетелдіктерге тұрғын үй немесе жұмыс беретін тұлғалар",
      ru: "Лица, предоставляющие иностранцам жильё или работу",
      en: "Persons or companies giving foreigners housing or work",
    },
    description: "A person or company providing housing or work to foreigners and stateless persons.",
  },
  "provider.migrant-transport": {
    title: {
      kk: "Еңбекші көшіп-қонушыларды тасымалдайтын тұлғалар",
      ru: "Лица, осуществляющие перевозку трудовых мигрантов",
      en: "Persons or companies transporting labour migrants",
    },
    description: "A person or company providing transport services for labour migrants.",
  },
  "citizenship.dual": {
    title: {
      kk: "Қос азаматтық фактісі анықталды",
      ru: "Выявлен факт двойного гражданства",
      en: "Dual citizenship found",
    },
    description: "A person was found to hold the citizenship of another state as well as Kazakhstan's.",
  },
  "prisoner.offence": {
    title: {
      kk: "Сотталған шетелдік дайындаған немесе жасаған құқық бұзушылық",
      ru: "Правонарушение, готовящееся или совершённое осуждённым иностранцем",
      en: "Offence prepared or committed by a foreign prisoner",
    },
    description:
      "An offence being prepared or committed by a foreigner or stateless person serving a sentence.",
  },
  "prisoner.expulsion-due": {
    title: {
      kk: "Босатылғаннан кейін шығарып жіберілуге жататын сотталған",
      ru: "Осуждённый, подлежащий выдворению после освобождения",
      en: "Prisoner to be expelled after release",
    },
    description: "A prisoner who is to be expelled from Kazakhstan after release.",
  },
  "prisoner.released": {
    title: {
      kk: "Шетелдік бас бостандығынан айыру орнынан босатылды",
      ru: "Иностранец освобождён из мест лишения свободы",
      en: "Foreigner released from prison",
    },
    description: "A foreigner or stateless person was released from a place of deprivation of liberty.",
  },
  "foreigner.incident": {
    title: {
      kk: "Шетелдік жасаған немесе оған қатысты құқық бұзушылық, оқиға",
      ru: "Правонарушение, совершённое иностранцем или в отношении него, происшествие",
      en: "Offence by or against a foreigner, accident",
    },
    description: "An offence committed by or against a foreigner, or an accident involving one.",
  },
  "foreigner.undocumented": {
    title: {
      kk: "Жеке басын куәландыратын құжатсыз жеткізілген шетелдік",
      ru: "Доставлен иностранец без документов",
      en: "Foreigner brought in without identity or legal-stay papers",
    },
    description: "A foreigner was brought in without identity documents or documents proving a legal stay.",
  },
  "foreigner.detained": {
    title: {
      kk: "Шетелдік ұсталды",
      ru: "Задержан иностранец",
      en: "Foreigner detained",
    },
    description: "Each detention of a foreigner or stateless person.",
  },
  "foreigner.sudden-death": {
    title: {
      kk: "Шетелдіктің кенеттен қайтыс болуы",
      ru: "Внезапная смерть иностранца",
      en: "Sudden death of a foreigner",
    },
    description: "A foreigner or stateless person died suddenly.",
  },
  "channel.identified": {
    title: {
      kk: "Заңсыз көші-қон арнасы немесе оны ұйымдастырушылар анықталды",
      ru: "Выявлен канал незаконной миграции или его организаторы",
      en: "Illegal migration channel or its organisers identified",
    },
    description:
      "An illegal migration channel, its organisers, routes, carriers or safe houses were identified.",
  },
  "receipt.overdue": {
    title: {
      kk: "Хабарламаның алынғаны мерзімінде расталмады",
      ru: "Получение уведомления не подтверждено в срок",
      en: "Receipt of a notification not acknowledged in time",
    },
    description:
      "A unit the notification was routed to has not acknowledged it by its first deadline (raised by the hub, to the region's duty unit and imc).",
  },
  "receipt.escalated": {
    title: {
      kk: "Хабарламаның алынғаны екінші мерзімде де расталмады",
      ru: "Получение уведомления не подтверждено и ко второму сроку",
      en: "Receipt of a notification still not acknowledged at the second deadline",
    },
    description:
      "A unit the notification was routed to has still not acknowledged it by its second deadline (raised by the hub, to the Ministry's department).",
  },
  "offence.admin-519.monthly-list": {
    title: {
      kk: "ӘҚБтК 519-бабы бойынша жауапкершілікке тартылған адамдардың айлық тізімі",
      ru: "Ежемесячный список лиц, привлечённых к ответственности по статье 519 КоАП",
      en: "Monthly list of persons held liable under Administrative Offences Code art. 519",
    },
    description:
      "The month's list of persons held liable under art. 519, built by the hub from the stored offences on the 1st of the next month: its counts, the summary by citizenship and where imc fetches the files (CSV, JSON).",
  },
} as const satisfies Record<KindId, KindText>;
