# Terraform and provider versions for the ШНОР-Монитор Google Cloud deployment.

terraform {
  # `check` blocks (function_url_matches below) need 1.5.
  required_version = ">= 1.5"

  required_providers {
    google = {
      source = "hashicorp/google"
      # One major version: every resource and argument here exists in 6.x; a new major may rename them.
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region

  # The Firebase Rules API refuses calls made with a user's own credentials unless they name a quota
  # project; billing the deployment project for them makes `terraform apply` work from a laptop.
  user_project_override = true
  billing_project       = var.project_id
}
