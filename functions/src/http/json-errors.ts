// Body-parser failures (broken JSON with Content-Type: application/json) answered as Russian JSON instead of Express's HTML.
import type { Server } from "node:http";

interface ExpressLike {
  use(
    handler: (error: unknown, req: unknown, res: JsonResponse, next: (error?: unknown) => void) => void,
  ): void;
}

interface JsonResponse {
  headersSent: boolean;
  status(code: number): JsonResponse;
  json(body: unknown): void;
}

/**
 * functions-framework parses JSON bodies before the function runs, so a broken body never reaches `api`;
 * Express would answer with an HTML page (and a stack trace outside production). For the servers we start
 * ourselves (`shnor serve`, the demo) this appends an error handler to the framework's Express app that
 * answers 400 in Russian. In production NODE_ENV=production keeps the stack out (infra sets it).
 */
export function answerBodyErrorsAsJson(server: Server): void {
  const app = server.listeners("request")[0] as unknown as Partial<ExpressLike> | undefined;
  if (typeof app?.use !== "function") return;
  app.use((error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    const code = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
    res.status(code).json({
      status: "error",
      code: code === 500 ? "internal" : "malformed",
      message:
        code === 413
          ? "запрос слишком большой"
          : code === 500
            ? "внутренняя ошибка сервера"
            : "тело запроса — не JSON",
    });
  });
}
