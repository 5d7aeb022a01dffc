# Google Cloud APIs the deployment and the running system use.
#
# forms.googleapis.com is called by the coordinator sheet's Apps Script, not by the function, with the script's
# OAuth token: it must be on in the Cloud project the script is linked to. It is enabled here for the setup
# docs/deploy.md recommends (§3: the script linked to this project); a script linked to another standard project
# needs it enabled there (`gcloud services enable forms.googleapis.com --project=…`).

locals {
  required_apis = toset([
    "artifactregistry.googleapis.com",     # images built from the function source
    "cloudbuild.googleapis.com",           # builds the function from the source archive
    "cloudfunctions.googleapis.com",       # the `api` function (gen2)
    "cloudresourcemanager.googleapis.com", # project IAM bindings
    "cloudscheduler.googleapis.com",       # the every-minute /flush job
    "firebaserules.googleapis.com",        # deploys firestore.rules
    "firestore.googleapis.com",            # facts, submissions, results, audit
    "forms.googleapis.com",                # the sheet's script reads and sets form settings (see above)
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
