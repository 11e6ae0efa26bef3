/**
 * The words of the pages people read in the sandbox (the payer's page, the cabinet, their messages),
 * in Russian or English as the browser asks (Accept-Language); English when it names neither. The
 * sandbox is a separate program: its words live here, not in the back-office's message files. The
 * overview at `/` and the JSON APIs stay English (developers' tools, like HighHelp's API).
 */
import { negotiateLocale } from "@/lib/i18n/locales";

export type PageLocale = "en" | "ru";

export function pageLocale(acceptLanguage: string | string[] | undefined): PageLocale {
  return negotiateLocale(Array.isArray(acceptLanguage) ? acceptLanguage.join(",") : acceptLanguage) ?? "en";
}

const en = {
  notFound: "Not found",
  noPayment: "No payment with this link.",
  nothingHere: "Nothing here.",
  notAvailable: "Not available",
  h2hByMerchant: "H2H pay-ins are confirmed or canceled by the merchant through the API.",
  notPossible: "Not possible now",
  notAllowed: "Not allowed",
  usePayButtons: "Use the buttons of the payment page.",
  useOwnCabinet: "Use the form of the sandbox's own cabinet page.",
  useCabinetForm: "Use the cabinet's form.",
  overview: "Sandbox overview",
  payment: (id: string) => `Payment ${id}`,
  payTitle: "Sandbox payment page",
  payIntro: "Plays HighHelp's hosted page (form_url). Nothing here moves real money.",
  order: "Order",
  amount: "Amount",
  status: "Status",
  details: "Details",
  toPhone: "Transfer to phone",
  toCard: "Transfer to card",
  cardHolder: "Card holder",
  bank: "Bank",
  validUntil: "Valid until",
  backToShop: "Back to the shop",
  h2hNote: "H2H pay-in: the merchant confirms or cancels through the API once the payer says they have paid.",
  payByCard: "Pay by card (sandbox: no card data)",
  paid: "I have paid",
  cancel: "Cancel",
  preparing: "Preparing the payment details…",
  cabinetTitle: "HighHelp sandbox · cabinet",
  cabinetHeading: "Merchant cabinet (sandbox)",
  cabinetIntro: "plays HighHelp's merchant cabinet: a cash register made here works at once, and after a restart of the sandbox.",
  registers: "Cash registers",
  columns: ["name", "project_id", "currencies", "algorithm"],
  newRegister: "New cash register",
  name: "Name",
  algorithm: "Request algorithm",
  algorithms: { rsa: "RSA (a key pair each way)", hmac: "HMAC (a shared secret each way)" },
  currencies: "Currencies",
  create: "Create cash register",
  createdTitle: (name: string) => `Cash register ${name}`,
  created: "Cash register created",
  backToCabinet: "Back to the cabinet",
  pasteThese:
    "Paste these into the back-office (Cash registers → Add register). Keep them secret: this page is the only place they are shown.",
  apiUrl: "API URL",
  signing: "Request signing / alert verification",
  requestKeyRsa: "Request key: your RSA private key (PEM)",
  requestKeyHmac: "Request key: the HMAC secret",
  alertKeyRsa: "Alert key: HighHelp's RSA public key (PEM)",
  alertKeyHmac: "Alert key: the HMAC secret of alerts",
  nothingMore: "The back-office sends its callback URLs with every application, so nothing more is needed here.",
  /** The cabinet form's messages (sandbox/cabinet.ts) as the control API writes them: English there. */
  formErrors: {} as Record<string, string>,
};

const ru: typeof en = {
  notFound: "Не найдено",
  noPayment: "Платежа по этой ссылке нет.",
  nothingHere: "Здесь ничего нет.",
  notAvailable: "Недоступно",
  h2hByMerchant: "Платежи H2H подтверждает или отменяет мерчант через API.",
  notPossible: "Сейчас это невозможно",
  notAllowed: "Нельзя",
  usePayButtons: "Воспользуйтесь кнопками платёжной страницы.",
  useOwnCabinet: "Воспользуйтесь формой кабинета самого тестового шлюза.",
  useCabinetForm: "Воспользуйтесь формой кабинета.",
  overview: "Обзор тестового шлюза",
  payment: (id) => `Платёж ${id}`,
  payTitle: "Платёжная страница тестового шлюза",
  payIntro: "Изображает платёжную страницу HighHelp (form_url). Реальные деньги здесь не двигаются.",
  order: "Заказ",
  amount: "Сумма",
  status: "Статус",
  details: "Подробности",
  toPhone: "Перевод на телефон",
  toCard: "Перевод на карту",
  cardHolder: "Держатель карты",
  bank: "Банк",
  validUntil: "Действительно до",
  backToShop: "Вернуться в магазин",
  h2hNote: "Платёж H2H: мерчант подтверждает или отменяет его через API, когда плательщик сообщит об оплате.",
  payByCard: "Оплатить картой (тестовый шлюз: без данных карты)",
  paid: "Я оплатил",
  cancel: "Отменить",
  preparing: "Готовим реквизиты для оплаты…",
  cabinetTitle: "Тестовый шлюз HighHelp · кабинет",
  cabinetHeading: "Кабинет мерчанта (тестовый шлюз)",
  cabinetIntro: "изображает кабинет мерчанта HighHelp: созданная здесь касса работает сразу и после перезапуска тестового шлюза.",
  registers: "Кассы",
  columns: ["название", "project_id", "валюты", "алгоритм"],
  newRegister: "Новая касса",
  name: "Название",
  algorithm: "Алгоритм подписи запросов",
  algorithms: { rsa: "RSA (пара ключей в каждую сторону)", hmac: "HMAC (общий секрет в каждую сторону)" },
  currencies: "Валюты",
  create: "Создать кассу",
  createdTitle: (name) => `Касса ${name}`,
  created: "Касса создана",
  backToCabinet: "Вернуться в кабинет",
  pasteThese: "Вставьте эти данные в бэк-офис (Кассы → Добавить кассу). Храните их в секрете: больше нигде они не показываются.",
  apiUrl: "Адрес API",
  signing: "Подпись запросов / проверка уведомлений",
  requestKeyRsa: "Ключ запросов: ваш закрытый ключ RSA (PEM)",
  requestKeyHmac: "Ключ запросов: секрет HMAC",
  alertKeyRsa: "Ключ уведомлений: открытый ключ RSA HighHelp (PEM)",
  alertKeyHmac: "Ключ уведомлений: секрет HMAC для уведомлений",
  nothingMore: "Бэк-офис передаёт адреса колбэков с каждой заявкой, поэтому здесь больше ничего не нужно.",
  formErrors: {
    "Enter a name.": "Введите название.",
    "At most 100 characters.": "Не больше 100 символов.",
    "Choose RSA or HMAC.": "Выберите RSA или HMAC.",
    "Choose at least one currency.": "Выберите хотя бы одну валюту.",
  },
};

export type PageWords = typeof en;

export function pageWords(locale: PageLocale): PageWords {
  return locale === "ru" ? ru : en;
}

/** A cabinet form message in the page's language (the control API answers it in English). */
export function formError(words: PageWords, message: string): string {
  return words.formErrors[message] ?? message;
}
