// The loud line printed whenever the `api` function runs in development mode (docs/design.md §6).

export const DEV_MODE_WARNING =
  "!!! РЕЖИМ РАЗРАБОТКИ / DEVELOPMENT MODE: заголовок X-Shnor-Dev-User принимается без токена Google, " +
  "только на петлевом адресе. Не используйте этот режим с настоящими данными школ. !!!";
