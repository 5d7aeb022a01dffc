# Google Cloud APIs the deployment and the running system use.

locals {
  required_apis = toset([
    "artifactregistry.googleapis.com",     # images built from the function source
    "cloudbuild.googleapis.com",           # builds the function from the source archive
    "cloudfunctions.googleapis.com",       # the `api` function (gen2)
    "cloudresourcemanager.googleapis.com", # project IAM bindings
    "cloudscheduler.googleapis.com",       # the every-minute /flush job
    "firebaserules.googleapis.com",        # deploys firestore.rules
    "firestore.googleapis.com",            # facts, submissions, results, audit
    "iam.googleapis.com",                  # service accounts
    "logging.googleapis.com",              # function and build logs
    "run.googleapis.com",                  # gen2 functions run on Cloud Run
    "sheets.googleapis.com",               # publishing results to the coordinator's sheet
    "storage.googleapis.com",              # the source archive bucket
  ])
}

resource "google_project_service" "apis" {
  for_each = local.required_apis

  project = var.project_id
  service = each.value

  # Turning an API off on `destroy` would break anything else in the project that uses it.
  disable_on_destroy = false
}
