# Service accounts and their roles: runtime, build and scheduler, each with only what it needs.

resource "google_service_account" "runtime" {
  project      = var.project_id
  account_id   = "shnor-api"
  display_name = "ШНОР-Монитор: функция api"
  description  = "Identity of the api function: reads and writes Firestore; the coordinator shares the spreadsheet with it."

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "shnor-build"
  display_name = "ШНОР-Монитор: сборка функции"
  description  = "Cloud Build identity for building the api function from its source archive."

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "shnor-scheduler"
  display_name = "ШНОР-Монитор: планировщик"
  description  = "Signs the OIDC token of the every-minute POST /flush; the function accepts /flush only from it."

  depends_on = [google_project_service.apis]
}

locals {
  # Firestore data access and log writing; Sheets access comes from sharing the spreadsheet, not from IAM.
  runtime_roles = toset([
    "roles/datastore.user",
    "roles/logging.logWriter",
  ])

  # What a user-managed Cloud Build account needs to build a gen2 function: write build logs, push the
  # image, read the uploaded source. New projects (since mid-2024) give the default build account none of it.
  build_roles = toset([
    "roles/artifactregistry.writer",
    "roles/logging.logWriter",
    "roles/storage.objectViewer",
  ])
}

resource "google_project_iam_member" "runtime" {
  for_each = local.runtime_roles

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.runtime.email}"
}

resource "google_project_iam_member" "build" {
  for_each = local.build_roles

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.build.email}"
}
