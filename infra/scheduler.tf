# Cloud Scheduler: publishes, every minute, the territories whose results are newer than their sheet.

resource "google_cloud_scheduler_job" "flush" {
  project     = var.project_id
  region      = var.region
  name        = "shnor-flush"
  description = "ШНОР-Монитор: публикация отложенных результатов в таблицы координаторов"
  schedule    = var.flush_schedule
  time_zone   = var.scheduler_time_zone
  # Scheduler accepts 15 s .. 30 min for HTTP targets.
  attempt_deadline = "${max(15, min(1800, var.function_timeout_seconds))}s"

  # A missed minute is made up by the next run; retrying would only pile up publishes.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "${local.function_url}/flush"

    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode("{}")

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = local.function_url
    }
  }

  depends_on = [google_cloudfunctions2_function.api]
}
