// Checks the Terraform in infra/ without a cloud: every file parses, and the deployment's invariants hold.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/src/http/config.js";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Block {
  file: string;
  name: string;
  body: JsonObject;
}

const root = resolve(import.meta.dirname, "../..");
const infraDir = join(root, "infra");
const PRIMITIVE_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

/** How hcl2json writes a Terraform expression: `ref("var.x")` is the string "${var.x}". */
function ref(expression: string): string {
  return `\${${expression}}`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: Json | undefined, what: string): JsonObject {
  if (!isObject(value)) throw new Error(`${what} is not a block: ${JSON.stringify(value)}`);
  return value;
}

/** hcl2json renders every nested block as a list of bodies; these configurations use one of each. */
function single(value: Json | undefined, what: string): JsonObject {
  if (!Array.isArray(value) || value.length !== 1) throw new Error(`${what}: expected exactly one block`);
  return asObject(value[0], what);
}

function asString(value: Json | undefined, what: string): string {
  if (typeof value !== "string") throw new Error(`${what} is not a string: ${JSON.stringify(value)}`);
  return value;
}

let files: { file: string; json: JsonObject }[] = [];

/** All blocks of one kind (`variable`, `output`) or of one resource type, across every .tf file. */
function blocks(path: readonly string[]): Block[] {
  const found: Block[] = [];
  for (const { file, json } of files) {
    let node: Json | undefined = json;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    if (!isObject(node)) continue;
    for (const [name, bodies] of Object.entries(node)) {
      found.push({ file, name, body: single(bodies, `${path.join(".")}.${name} in ${file}`) });
    }
  }
  return found;
}

function resources(type: string): Block[] {
  return blocks(["resource", type]);
}

function resource(type: string, name: string): JsonObject {
  const match = resources(type).find((block) => block.name === name);
  if (!match) throw new Error(`resource ${type}.${name} is not declared`);
  return match.body;
}

/** Every `locals` entry across the files, by name. */
function locals(): Map<string, Json> {
  const map = new Map<string, Json>();
  for (const { json } of files) {
    const list = json.locals;
    if (!Array.isArray(list)) continue;
    for (const body of list)
      for (const [name, value] of Object.entries(asObject(body, "locals"))) map.set(name, value);
  }
  return map;
}

/** Follows `${local.name}` to the local's value; anything else is returned as written. */
function deref(value: Json | undefined): Json | undefined {
  if (typeof value !== "string") return value;
  const match = /^\$\{local\.([A-Za-z0-9_]+)\}$/.exec(value);
  if (!match?.[1]) return value;
  const resolved = locals().get(match[1]);
  if (resolved === undefined) throw new Error(`local.${match[1]} is not declared`);
  return resolved;
}

/** The roles one IAM binding grants: a literal role, or every role listed in the set it iterates over. */
function grantedRoles(body: JsonObject, what: string): string[] {
  const role = asString(body.role, `${what}.role`);
  if (role.startsWith("roles/")) return [role];
  if (role !== ref("each.value")) throw new Error(`${what}: role ${role} cannot be resolved statically`);
  const source = asString(deref(body.for_each), `${what}.for_each`);
  const roles = [...source.matchAll(/"(roles\/[^"]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : []));
  if (roles.length === 0) throw new Error(`${what}: for_each lists no literal roles`);
  return roles;
}

function members(body: JsonObject): string[] {
  const list: Json[] = [body.member ?? null, ...(Array.isArray(body.members) ? body.members : [])];
  return list.filter((m): m is string => typeof m === "string");
}

/** Every IAM member/binding resource in the configuration. */
function iamBindings(): (Block & { type: string })[] {
  const types = new Set(
    files.flatMap(({ json }) => Object.keys(isObject(json.resource) ? json.resource : {})),
  );
  return [...types]
    .filter((type) => /_iam_(member|binding)$/.test(type))
    .flatMap((type) => resources(type).map((block) => ({ ...block, type })));
}

function functionEnvironment(): JsonObject {
  const api = resource("google_cloudfunctions2_function", "api");
  const service = single(api.service_config, "service_config");
  return asObject(deref(service.environment_variables), "service_config.environment_variables");
}

beforeAll(async () => {
  const names = readdirSync(infraDir).filter((name) => name.endsWith(".tf"));
  files = await Promise.all(
    names.map(async (file) => ({
      file,
      json: (await parse(file, readFileSync(join(infraDir, file), "utf8"))) as JsonObject,
    })),
  );
});

describe("infra/*.tf", () => {
  it("parse as HCL, and the configuration declares the function, database, scheduler and rules", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(resources("google_cloudfunctions2_function").map((b) => b.name)).toEqual(["api"]);
    expect(resources("google_firestore_database")).toHaveLength(1);
    expect(resources("google_cloud_scheduler_job")).toHaveLength(1);
    expect(resources("google_firebaserules_release")).toHaveLength(1);
  });

  it("pin the google provider and require Terraform 1.5 or newer", () => {
    const terraform = single(
      files.flatMap(({ json }) => (Array.isArray(json.terraform) ? json.terraform : [])),
      "terraform",
    );
    expect(terraform.required_version).toMatch(/^>=\s*1\.([5-9]|\d\d)/);
    const google = asObject(
      single(terraform.required_providers, "required_providers").google,
      "google provider",
    );
    expect(google.source).toBe("hashicorp/google");
    // "~> 6.0" (or an explicit upper bound): a new major version never arrives by itself.
    expect(asString(google.version, "google.version")).toMatch(/^~>\s*\d+\.\d+|<\s*\d/);
  });

  it("give every variable a description, and explain every variable in terraform.tfvars.example", async () => {
    const variables = blocks(["variable"]);
    expect(variables.length).toBeGreaterThan(5);
    const example = readFileSync(join(infraDir, "terraform.tfvars.example"), "utf8");
    const exampleValues = (await parse("terraform.tfvars.example", example)) as JsonObject;
    for (const { name, body } of variables) {
      expect(asString(body.description, `variable ${name} description`).trim().length, name).toBeGreaterThan(
        10,
      );
      expect(Object.keys(exampleValues), `${name} in terraform.tfvars.example`).toContain(name);
      // The nearest non-blank line above the assignment is a comment explaining it.
      const lines = example.split("\n");
      const at = lines.findIndex((line) => line.startsWith(`${name} =`));
      const before = lines
        .slice(0, at)
        .reverse()
        .find((line) => line.trim() !== "");
      expect(before?.trimStart().startsWith("#"), `comment before ${name}`).toBe(true);
    }
  });

  it("reference only declared variables", () => {
    const declared = new Set(blocks(["variable"]).map((b) => b.name));
    const used = new Set(
      files.flatMap(({ file }) =>
        [...readFileSync(join(infraDir, file), "utf8").matchAll(/\bvar\.([a-z0-9_]+)/g)].map((m) => m[1]),
      ),
    );
    for (const name of used) expect(declared, `var.${name}`).toContain(name);
  });

  it("enable the APIs the system calls", () => {
    const apis = asString(deref(ref("local.required_apis")), "local.required_apis");
    for (const api of [
      "cloudfunctions",
      "run",
      "cloudbuild",
      "artifactregistry",
      "firestore",
      "cloudscheduler",
      "sheets",
      "iam",
      "firebaserules",
      // called by the sheet's Apps Script, whose Cloud project docs/deploy.md §3 recommends be this one
      "forms",
    ]) {
      expect(apis).toContain(`"${api}.googleapis.com"`);
    }
    expect(resource("google_project_service", "apis").for_each).toBe(ref("local.required_apis"));
  });

  it("deploy the api function on nodejs22 from the packaged archive, limits and configuration as variables", () => {
    const api = resource("google_cloudfunctions2_function", "api");
    const build = single(api.build_config, "build_config");
    expect(build.runtime).toBe("nodejs22");
    expect(build.entry_point).toBe("api");
    expect(build.service_account).toBe(ref("google_service_account.build.id"));
    const storage = single(single(build.source, "source").storage_source, "storage_source");
    expect(storage.object).toBe(ref("google_storage_bucket_object.source.name"));
    expect(resource("google_storage_bucket_object", "source").source).toBe(ref("var.source_archive_path"));

    const service = single(api.service_config, "service_config");
    expect(service.available_memory).toBe(ref("var.function_memory"));
    expect(service.min_instance_count).toBe(ref("var.function_min_instances"));
    expect(service.max_instance_count).toBe(ref("var.function_max_instances"));
    expect(service.timeout_seconds).toBe(ref("var.function_timeout_seconds"));
    expect(service.service_account_email).toBe(ref("google_service_account.runtime.email"));
  });

  it("take the archive from where `npm run package` writes it", () => {
    const variable = blocks(["variable"]).find((b) => b.name === "source_archive_path");
    const archive = asString(variable?.body.default, "source_archive_path default");
    expect(resolve(infraDir, archive)).toBe(join(root, "out", "function-source.zip"));
    expect(readFileSync(join(root, "scripts", "package-function.mjs"), "utf8")).toContain(
      'join(root, "out", "function-source.zip")',
    );
  });

  it("grant the runtime service account Firestore access and no primitive role", () => {
    const runtimeBindings = iamBindings().filter((b) =>
      members(b.body).some((m) => m.includes("google_service_account.runtime.")),
    );
    const roles = runtimeBindings.flatMap((b) => grantedRoles(b.body, `${b.type}.${b.name}`));
    expect(roles).toContain("roles/datastore.user");
    for (const role of roles) expect(PRIMITIVE_ROLES, role).not.toContain(role);
  });

  it("grant no primitive role to anyone", () => {
    const bindings = iamBindings();
    expect(bindings.length).toBeGreaterThan(2);
    for (const b of bindings) {
      for (const role of grantedRoles(b.body, `${b.type}.${b.name}`))
        expect(PRIMITIVE_ROLES, role).not.toContain(role);
    }
  });

  it("let Cloud Build build the function with its own account's roles", () => {
    const buildRoles = iamBindings()
      .filter((b) => members(b.body).some((m) => m.includes("google_service_account.build.")))
      .flatMap((b) => grantedRoles(b.body, b.name));
    expect(buildRoles).toEqual(
      expect.arrayContaining([
        "roles/artifactregistry.writer",
        "roles/logging.logWriter",
        "roles/storage.objectViewer",
      ]),
    );
  });

  it("call POST <function url>/flush every minute with an OIDC token of the scheduler's own account", () => {
    const [job] = resources("google_cloud_scheduler_job");
    const target = single(job?.body.http_target, "http_target");
    expect(target.http_method).toBe("POST");
    const uri = asString(target.uri, "uri");
    expect(uri).toMatch(/\/flush$/);
    const oidc = single(target.oidc_token, "oidc_token");
    expect(oidc.service_account_email).toBe(ref("google_service_account.scheduler.email"));
    // The token's audience is the URL the job calls, without the path.
    expect(`${asString(oidc.audience, "audience")}/flush`).toBe(uri);
    expect(deref(job?.body.schedule)).toBe(ref("var.flush_schedule"));
    const schedule = blocks(["variable"]).find((b) => b.name === "flush_schedule");
    expect(schedule?.body.default).toBe("* * * * *");
  });

  it("tell the function which scheduler account and audience to accept on /flush", () => {
    const env = functionEnvironment();
    const [job] = resources("google_cloud_scheduler_job");
    const oidc = single(single(job?.body.http_target, "http_target").oidc_token, "oidc_token");
    expect(env.SHNOR_SCHEDULER_EMAIL).toBe(oidc.service_account_email);
    // the scheduler's audience (the function URL) is one of the accepted audiences, after the scripts' ones
    const audience = asString(oidc.audience, "audience");
    expect(audience).toBe(ref("local.function_url"));
    expect(env.SHNOR_ID_TOKEN_AUDIENCES).toBe(
      ref('join(",", concat(var.id_token_audiences, [local.function_url]))'),
    );
  });

  it("give the function its territories in the shape functions/src/http/config.ts parses", () => {
    const territories = asString(locals().get("territories_json"), "territories_json");
    for (const key of ["id", "name", "spreadsheetId", "coordinators", "timeZone"]) {
      expect(territories, key).toMatch(new RegExp(`\\b${key}\\s*=`));
    }
    expect(territories).toMatch(/^\$\{jsonencode\(\[/);
    expect(functionEnvironment().SHNOR_TERRITORIES).toBe(ref("local.territories_json"));
  });

  it("use the environment names of functions/src/http/config.ts, and no others", () => {
    const config = readFileSync(join(root, "functions", "src", "http", "config.ts"), "utf8");
    const names = Object.keys(functionEnvironment()).filter((name) => name.startsWith("SHNOR_"));
    for (const name of names) expect(config, name).toContain(`env.${name}`);
  });

  it("keep the Firestore Native database delete-protected", () => {
    const databases = resources("google_firestore_database");
    for (const { body } of databases) {
      expect(body.type).toBe("FIRESTORE_NATIVE");
      expect(body.delete_protection_state).toBe("DELETE_PROTECTION_ENABLED");
      expect(body.location_id).toBe(ref("var.firestore_location"));
    }
  });

  it("deploy firestore.rules, which deny every client read and write", () => {
    const ruleset = resource("google_firebaserules_ruleset", "firestore");
    const file = single(single(ruleset.source, "source").files, "files");
    expect(file.content).toBe(ref(`file("${ref("path.module")}/../firestore.rules")`));
    const release = resource("google_firebaserules_release", "firestore");
    expect(release.name).toBe("cloud.firestore");

    const rules = readFileSync(join(root, "firestore.rules"), "utf8");
    expect(rules).toMatch(/rules_version\s*=\s*'2'/);
    const allows = rules.split("\n").filter((line) => /^\s*allow\b/.test(line));
    expect(allows).toEqual(["      allow read, write: if false;"]);
  });

  it("let anyone reach the URL by default, since the function verifies Google ID tokens itself", () => {
    const invoker = resource("google_cloud_run_service_iam_member", "public_invoker");
    expect(invoker.member).toBe("allUsers");
    expect(invoker.role).toBe("roles/run.invoker");
    expect(invoker.count).toBe(ref("var.allow_unauthenticated_invocations ? 1 : 0"));
    const toggle = blocks(["variable"]).find((b) => b.name === "allow_unauthenticated_invocations");
    expect(toggle?.body.default).toBe(true);
  });

  it("tell the function it is in private mode exactly when allUsers loses the invoker role, in words config.ts reads", () => {
    const mode = asString(functionEnvironment().SHNOR_PRIVATE_MODE, "SHNOR_PRIVATE_MODE");
    expect(mode).toBe(ref('var.allow_unauthenticated_invocations ? "false" : "true"'));
    expect(resource("google_cloud_run_service_iam_member", "public_invoker").count).toBe(
      ref("var.allow_unauthenticated_invocations ? 1 : 0"),
    );
    // the value each branch gives the function, parsed as the function parses it
    const [whenPublic = "", whenPrivate = ""] = [...mode.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
    const parse = (value: string) =>
      parseConfig({
        SHNOR_PROJECT_ID: "shnor-test",
        SHNOR_ID_TOKEN_AUDIENCES: "1-a.apps.googleusercontent.com",
        SHNOR_SCHEDULER_EMAIL: "shnor-scheduler@shnor-test.iam.gserviceaccount.com",
        SHNOR_PRIVATE_MODE: value,
      });
    const open = parse(whenPublic);
    expect(open.success).toBe(true);
    if (open.success) expect(open.data.privateMode).toBeFalsy();
    expect(parse(whenPrivate)).toMatchObject({ success: true, data: { privateMode: true } });
  });

  it("in private mode, give the invoker role only to the scheduler and invoker_members", () => {
    const invokers = resource("google_cloud_run_service_iam_member", "invokers");
    expect(invokers.role).toBe("roles/run.invoker");
    expect(invokers.member).toBe(ref("each.value"));
    const members = asString(invokers.for_each, "invokers.for_each");
    expect(members).toContain("var.allow_unauthenticated_invocations ? toset([]) :");
    expect(members).toContain(`serviceAccount:${ref("google_service_account.scheduler.email")}`);
    expect(members).toContain("var.invoker_members");
  });

  it("in private mode, set the scripts' and the scheduler's audiences on Cloud Run after every change of the function", () => {
    const audiences = resource("terraform_data", "custom_audiences");
    // Only in private mode; the public default needs none.
    expect(audiences.count).toBe(ref("var.allow_unauthenticated_invocations ? 0 : 1"));
    // Re-run whenever the function was redeployed (which may drop them) or the audiences changed.
    const triggers = asObject(audiences.triggers_replace, "triggers_replace");
    expect(triggers.function_updated).toBe(ref("google_cloudfunctions2_function.api.update_time"));
    expect(triggers.audiences).toBe(ref('join(",", local.custom_audiences)'));
    expect(deref(ref("local.custom_audiences"))).toBe(
      ref("concat(var.id_token_audiences, [local.function_url])"),
    );
    const command = asString(
      single(asObject(audiences.provisioner, "provisioner")["local-exec"], "local-exec").command,
      "command",
    );
    expect(command).toMatch(/^gcloud run services update \$\{google_cloudfunctions2_function\.api\.name\} /);
    expect(command).toContain(`--set-custom-audiences=${ref('join(",", local.custom_audiences)')}`);
    expect(command).toContain(`--region=${ref("var.region")}`);
    expect(command).toContain(`--project=${ref("var.project_id")}`);
    // Refuses to lock everyone out: private mode needs someone to invoke the function.
    const precondition = single(single(audiences.lifecycle, "lifecycle").precondition, "precondition");
    expect(precondition.condition).toBe(ref("length(var.invoker_members) > 0"));
  });

  it("document in infra/README.md every SHNOR_* variable the function gets", () => {
    const env = functionEnvironment();
    const names = Object.keys(env).filter((name) => name.startsWith("SHNOR_"));
    expect(names).toEqual(
      expect.arrayContaining([
        "SHNOR_PROJECT_ID",
        "SHNOR_TERRITORIES",
        "SHNOR_ID_TOKEN_AUDIENCES",
        "SHNOR_SCHEDULER_EMAIL",
        "SHNOR_PRIVATE_MODE",
      ]),
    );
    const readme = readFileSync(join(infraDir, "README.md"), "utf8");
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it("output the function URL and the runtime service account's e-mail", () => {
    const outputs = new Map(blocks(["output"]).map((b) => [b.name, b.body]));
    expect(outputs.get("function_url")?.value).toBe(ref("google_cloudfunctions2_function.api.url"));
    expect(outputs.get("runtime_service_account_email")?.value).toBe(
      ref("google_service_account.runtime.email"),
    );
  });
  it("are covered by docs/deploy.md: every variable to fill in and every output to use", () => {
    const runbook = readFileSync(join(root, "docs", "deploy.md"), "utf8");
    for (const { name } of blocks(["variable"])) expect(runbook, `variable ${name}`).toContain(`\`${name}\``);
    for (const { name } of blocks(["output"])) expect(runbook, `output ${name}`).toContain(`\`${name}\``);
    for (const command of [
      "npm run package",
      "terraform init",
      "terraform plan",
      "terraform apply",
      "clasp push",
    ]) {
      expect(runbook).toContain(command);
    }
  });
});
