# Input variables: everything a territory fills in terraform.tfvars (see terraform.tfvars.example).

variable "project_id" {
  description = "Идентификатор проекта Google Cloud, в который разворачивается система (например, shnor-monitor-obl)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id — это идентификатор проекта (6–30 символов: строчные латинские буквы, цифры, дефис), а не его название."
  }
}

variable "region" {
  description = "Регион Google Cloud для функции, Cloud Scheduler и корзины с архивом функции."
  type        = string
  default     = "europe-west1"
}

variable "firestore_location" {
  description = "Размещение базы Firestore (регион, например europe-west1, или мультирегион eur3). После создания базы не меняется."
  type        = string
  default     = "europe-west1"
}

variable "source_archive_path" {
  description = "Путь к архиву функции, собранному командой `npm run package` (относительно папки infra)."
  type        = string
  default     = "../out/function-source.zip"

  validation {
    condition     = fileexists(var.source_archive_path)
    error_message = "Архив функции не найден. Соберите его в корне репозитория: npm ci && npm run package."
  }
}

variable "function_memory" {
  description = "Память одного экземпляра функции (формат Cloud Run: 256Mi, 512Mi, 1Gi)."
  type        = string
  default     = "512Mi"
}

variable "function_min_instances" {
  description = "Минимальное число постоянно запущенных экземпляров функции. 0 — платить только за вызовы (первый вызов после простоя медленнее)."
  type        = number
  default     = 0

  validation {
    condition     = var.function_min_instances >= 0
    error_message = "function_min_instances не может быть отрицательным."
  }
}

variable "function_max_instances" {
  description = "Максимальное число экземпляров функции: ограничивает расходы при всплеске отправок форм."
  type        = number
  default     = 10

  validation {
    condition     = var.function_max_instances >= 1
    error_message = "function_max_instances должен быть не меньше 1."
  }
}

variable "function_timeout_seconds" {
  description = "Предельное время обработки одного запроса функцией, секунд (пересчёт и публикация в таблицу)."
  type        = number
  default     = 120

  validation {
    condition     = var.function_timeout_seconds >= 10 && var.function_timeout_seconds <= 3600
    error_message = "function_timeout_seconds должен быть от 10 до 3600 секунд."
  }
}

variable "territories" {
  description = "Территории: идентификатор территории → её название, идентификатор таблицы координатора, адреса координаторов, которым разрешено работать с ней, и (необязательно) часовой пояс."
  type = map(object({
    name               = string
    spreadsheet_id     = string
    coordinator_emails = list(string)
    time_zone          = optional(string)
  }))

  validation {
    condition     = length(var.territories) > 0
    error_message = "Укажите хотя бы одну территорию."
  }

  validation {
    condition     = alltrue([for id in keys(var.territories) : can(regex("^[a-z0-9][a-z0-9_-]{0,62}$", id))])
    error_message = "Идентификатор территории — строчные латинские буквы, цифры, дефис и подчёркивание (например, kirovsky-rayon)."
  }

  validation {
    condition     = alltrue([for t in values(var.territories) : trimspace(t.name) != ""])
    error_message = "У каждой территории должно быть название (name), например «Кировский район»."
  }

  validation {
    condition     = alltrue([for t in values(var.territories) : length(t.coordinator_emails) > 0 && alltrue([for e in t.coordinator_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])])
    error_message = "У каждой территории должен быть хотя бы один координатор с корректным адресом электронной почты."
  }
}

variable "id_token_audiences" {
  description = "Идентификаторы OAuth-клиентов проектов Apps Script (поле aud токена ScriptApp.getIdentityToken()): по одному на каждый проект скрипта, если у таблиц территорий разные проекты. Функция принимает только токены с этими аудиториями (и адрес функции — для планировщика)."
  type        = list(string)

  validation {
    condition     = length(var.id_token_audiences) > 0 && alltrue([for a in var.id_token_audiences : endswith(a, ".apps.googleusercontent.com")])
    error_message = "id_token_audiences — список идентификаторов OAuth-клиентов вида 1234567890-abc.apps.googleusercontent.com (хотя бы один)."
  }
}

variable "allow_unauthenticated_invocations" {
  description = "true (по умолчанию): вызывать функцию может любой, а подлинность проверяет сама функция по ID-токену Google. false (закрытый режим): вызывать могут только invoker_members и планировщик, токен проверяет ещё и Cloud Run, функции передаётся SHNOR_PRIVATE_MODE=true (см. docs/deploy.md, «Закрытый режим»: сначала обновите скрипты таблиц; нужен gcloud на компьютере, где запускается terraform apply)."
  type        = bool
  default     = true
}

variable "invoker_members" {
  description = "Кому разрешён вызов функции при allow_unauthenticated_invocations = false, в формате IAM (user:coordinator@example.org, group:...)."
  type        = list(string)
  default     = []
}

variable "flush_schedule" {
  description = "Расписание задания Cloud Scheduler, публикующего отложенные результаты (формат cron). По умолчанию — каждую минуту."
  type        = string
  default     = "* * * * *"
}

variable "scheduler_time_zone" {
  description = "Часовой пояс расписания Cloud Scheduler."
  type        = string
  default     = "Europe/Moscow"
}
