# The `api` function (Cloud Functions gen2): its source archive, build, runtime configuration and invokers.

locals {
  function_name = "api"

  # The gen2 URL is known before the function exists; it is both the scheduler's OIDC audience and one of the
  # audiences the function accepts, and computing it here avoids a dependency cycle.
  function_url = "https://${var.region}-${var.project_id}.cloudfunctions.net/${local.function_name}"

  # SHNOR_TERRITORIES, as functions/src/http/config.ts parses it:
  # [{"id": "...", "name": "...", "spreadsheetId": "...", "coordinators": ["..."], "timeZone"?: "..."}]
  territories_json = jsonencode([
    for id, t in var.territories : merge(
      {
        id            = id
        name          = t.name
        spreadsheetId = t.spreadsheet_id
        coordinators  = t.coordinator_emails
      },
      # A for-filter rather than `cond ? {} : {...}`: both arms of a conditional must have one type.
      { for key, value in { timeZone = t.time_zone } : key => value if value != null },
    )
  ])

  # Every variable here is documented in infra/README.md (tests/infra checks it); the names are the ones
  # functions/src/http/config.ts reads.
  function_environment = {
    SHNOR_PROJECT_ID  = var.project_id
    SHNOR_TERRITORIES = local.territories_json
    # The Apps Script OAuth client ids, and the function URL: the audience of the scheduler's OIDC token.
    SHNOR_ID_TOKEN_AUDIENCES = join(",", concat(var.id_token_audiences, [local.function_url]))
    SHNOR_SCHEDULER_EMAIL    = google_service_account.scheduler.email
    # Private mode: the same switch that takes allUsers off the invoker role below, so the function trusts Cloud
    # Run's check of the scheduler's token only when Cloud Run IAM really checks every request.
    SHNOR_PRIVATE_MODE = var.allow_unauthenticated_invocations ? "false" : "true"
    # Express (inside functions-framework) shows no stack trace for a broken request body in production.
    NODE_ENV = "production"
  }
}

resource "google_storage_bucket" "source" {
  project                     = var.project_id
  name                        = "${var.project_id}-shnor-function-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  # Each archive gets its own object name (by content hash); versioning keeps the replaced ones, so an earlier
  # archive can be downloaded and deployed again (docs/deploy.md, «Откат»).
  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 180
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_object" "source" {
  bucket = google_storage_bucket.source.name
  name   = "function-source-${filemd5(var.source_archive_path)}.zip"
  source = var.source_archive_path
}

resource "google_cloudfunctions2_function" "api" {
  project     = var.project_id
  location    = var.region
  name        = local.function_name
  description = "ШНОР-Монитор: приём анкет, синхронизация, пересчёт и публикация результатов"

  build_config {
    runtime         = "nodejs22"
    entry_point     = "api"
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory               = var.function_memory
    min_instance_count             = var.function_min_instances
    max_instance_count             = var.function_max_instances
    timeout_seconds                = var.function_timeout_seconds
    service_account_email          = google_service_account.runtime.email
    environment_variables          = local.function_environment
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
  }

  depends_on = [
    google_project_iam_member.build,
    google_project_iam_member.runtime,
    google_firestore_database.main,
  ]
}

# Default: anyone may reach the URL, and the function itself rejects every request without a valid Google ID
# token (Apps Script's audience and an allowlisted coordinator, or the scheduler's account for /flush).
# Apps Script's tokens carry its OAuth client id as audience, which Cloud Run IAM does not accept unless
# custom audiences are set up — private mode below, described in docs/deploy.md («Закрытый режим»).
resource "google_cloud_run_service_iam_member" "public_invoker" {
  count = var.allow_unauthenticated_invocations ? 1 : 0

  project  = var.project_id
  location = google_cloudfunctions2_function.api.location
  service  = google_cloudfunctions2_function.api.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_service_iam_member" "invokers" {
  for_each = var.allow_unauthenticated_invocations ? toset([]) : toset(concat(
    ["serviceAccount:${google_service_account.scheduler.email}"],
    var.invoker_members,
  ))

  project  = var.project_id
  location = google_cloudfunctions2_function.api.location
  service  = google_cloudfunctions2_function.api.name
  role     = "roles/run.invoker"
  member   = each.value
}

check "function_url_matches" {
  assert {
    condition     = google_cloudfunctions2_function.api.url == local.function_url
    error_message = "The deployed function URL differs from the one given to the scheduler and in SHNOR_ID_TOKEN_AUDIENCES; /flush calls will be refused."
  }
}

# Private mode (allow_unauthenticated_invocations = false): Cloud Run checks the caller's Google ID token before
# the function runs, and by default accepts only tokens issued for the service's own run.app URL
# (https://cloud.google.com/run/docs/configuring/custom-audiences). Apps Script's tokens are issued for the
# script's OAuth client id, the scheduler's for the cloudfunctions.net URL: both must be custom audiences.
# google_cloudfunctions2_function has no argument for them; google_cloud_run_v2_service has
# `custom_audiences`, but declaring the function's own service there would make two resources manage one
# service; and redeploying a service can drop audiences set outside its configuration
# (https://github.com/goblet/goblet/issues/421). So Terraform sets them with gcloud after every change of
# the function (its update_time) or of the audiences: every `terraform apply` that redeploys the function
# sets them again, and a plan shows the replacement whenever the function changed behind Terraform's back.
locals {
  custom_audiences = concat(var.id_token_audiences, [local.function_url])
}

resource "terraform_data" "custom_audiences" {
  count = var.allow_unauthenticated_invocations ? 0 : 1

  triggers_replace = {
    function_updated = google_cloudfunctions2_function.api.update_time
    audiences        = join(",", local.custom_audiences)
  }

  provisioner "local-exec" {
    # The Cloud Run service of a gen2 function has the function's name.
    command = "gcloud run services update ${google_cloudfunctions2_function.api.name} --project=${var.project_id} --region=${var.region} --set-custom-audiences=${join(",", local.custom_audiences)} --quiet"
  }

  lifecycle {
    precondition {
      condition     = length(var.invoker_members) > 0
      error_message = "В закрытом режиме (allow_unauthenticated_invocations = false) укажите invoker_members — всех, кто работает с таблицами (user:… или group:…), иначе Cloud Run отклонит их запросы."
    }
  }
}
