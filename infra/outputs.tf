# Values the territory needs after `terraform apply`.

output "function_url" {
  description = "Адрес функции api: вводится в Apps Script, меню «ШНОР-Монитор» → «Настройка подключения»."
  value       = google_cloudfunctions2_function.api.url
}

output "runtime_service_account_email" {
  description = "Адрес сервисного аккаунта функции: координатор открывает ему доступ «Редактор» к своей таблице."
  value       = google_service_account.runtime.email
}

output "scheduler_service_account_email" {
  description = "Сервисный аккаунт, от имени которого Cloud Scheduler вызывает /flush (для проверки журналов)."
  value       = google_service_account.scheduler.email
}

output "source_object" {
  description = "Объект архива, из которого собрана текущая версия функции (для отката)."
  value       = "gs://${google_storage_bucket.source.name}/${google_storage_bucket_object.source.name}"
}
