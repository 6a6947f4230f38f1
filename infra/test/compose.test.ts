import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { envVariables, ROOT } from "./support/app-env.ts";

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}

const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const services = Object.entries(compose.services);
const readJson = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as { name?: string; scripts?: Record<string, string> };
const rootPackage = readJson(join(ROOT, "package.json")) as {
  packageManager?: string;
  scripts?: Record<string, string>;
};

const commandText = (service: Service): string =>
  Array.isArray(service.command) ? service.command.join(" ") : (service.command ?? "");

/** The app a service runs: `apps/<app>/src/main.ts`, or `npm run start -w @tollgate/<app>`. */
function appOf(service: Service): string | undefined {
  const command = commandText(service);
  return (
    /apps\/([\w-]+)\/src\/main\.ts/.exec(command)?.[1] ?? /npm run start -w @tollgate\/([\w-]+)/.exec(command)?.[1]
  );
}

function environmentNames(service: Service): string[] {
  const environment = service.environment ?? {};
  return Array.isArray(environment)
    ? environment.map((entry) => entry.split("=")[0] ?? entry)
    : Object.keys(environment);
}

function environmentValue(service: Service, name: string): string | undefined {
  const environment = service.environment ?? {};
  if (Array.isArray(environment))
    return environment.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
  const value = environment[name];
  return value === null || value === undefined ? undefined : String(value);
}

function dependsOn(service: Service): Record<string, string | undefined> {
  const value = service.depends_on ?? {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(value).map(([name, spec]) => [name, spec.condition ?? "service_started"]));
}

/** package.json of every workspace, by package name. */
function workspacePackages(): Map<string, { scripts?: Record<string, string> }> {
  const packages = new Map<string, { scripts?: Record<string, string> }>();
  for (const group of ["apps", "packages"]) {
    for (const dir of readdirSync(join(ROOT, group))) {
      const file = join(ROOT, group, dir, "package.json");
      if (existsSync(file)) {
        const pkg = readJson(file);
        if (pkg.name) packages.set(pkg.name, pkg);
      }
    }
  }
  for (const dir of ["infra", "e2e"]) {
    const file = join(ROOT, dir, "package.json");
    if (existsSync(file)) {
      const pkg = readJson(file);
      if (pkg.name) packages.set(pkg.name, pkg);
    }
  }
  return packages;
}

/** Reads a redis.conf into directive → value (the last one wins, as in Redis). */
function redisConf(file: string): Map<string, string> {
  const conf = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s*([a-z-]+)\s+(.*?)\s*$/.exec(line);
    if (match?.[1] && !line.trim().startsWith("#")) conf.set(match[1], match[2] ?? "");
  }
  return conf;
}

const DEFAULT_APP_PORTS: Record<string, [string, number]> = {
  ingest: ["INGEST_PORT", 4000],
  worker: ["WORKER_METRICS_PORT", 4100],
  api: ["API_PORT", 3000],
};

function dockerComposeUnavailable(): string | undefined {
  const docker = spawnSync("docker", ["--version"], { encoding: "utf8" });
  if (docker.error) return "the docker binary is not installed";
  const plugin = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
  if (plugin.status !== 0) return "docker is installed without the compose plugin (`docker compose version` fails)";
  return undefined;
}

describe("docker-compose.yml", () => {
  it("runs Postgres, Redis, a one-shot migrate step, ingest, worker and api", () => {
    const apps = services.map(([, service]) => appOf(service)).filter(Boolean);
    expect(apps.sort()).toEqual(["api", "ingest", "worker"]);
    expect(services.some(([, service]) => service.image?.startsWith("postgres:"))).toBe(true);
    expect(services.some(([, service]) => service.image?.startsWith("redis:"))).toBe(true);
    expect(compose.services.migrate?.restart).toBe("no");
  });

  it("restarts every long-running service when it fails (one crashed service never stops the platform)", () => {
    for (const [name, service] of services) {
      if (service.restart === "no") continue;
      expect(["always", "unless-stopped", "on-failure"], `${name} restart policy`).toContain(service.restart);
    }
  });

  it("builds from contexts and Dockerfiles that exist", () => {
    for (const [name, service] of services) {
      if (service.build === undefined) {
        expect(service.image, `${name} has neither build nor image`).toBeTruthy();
        continue;
      }
      const build = typeof service.build === "string" ? { context: service.build } : service.build;
      const context = resolve(ROOT, build.context ?? ".");
      expect(existsSync(context), `${name}: build context ${context} does not exist`).toBe(true);
      const dockerfile = resolve(context, build.dockerfile ?? "Dockerfile");
      expect(existsSync(dockerfile), `${name}: ${dockerfile} does not exist`).toBe(true);
    }
  });

  it("mounts host files that exist", () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source =
          typeof volume === "string" ? volume.split(":")[0] : volume.type === "bind" ? volume.source : undefined;
        if (source === undefined || !(source.startsWith(".") || isAbsolute(source))) continue; // a named volume
        expect(existsSync(resolve(ROOT, source)), `${name} mounts ${source}, which does not exist`).toBe(true);
      }
    }
  });

  it("runs only npm scripts that exist", () => {
    const packages = workspacePackages();
    const missing: string[] = [];
    let found = 0;
    for (const [name, service] of services) {
      for (const match of commandText(service).matchAll(/npm run ([\w:.-]+)(?:\s+(?:-w|--workspace)[=\s]+(\S+))?/g)) {
        found += 1;
        const [, script, workspace] = match;
        const scripts = workspace === undefined ? rootPackage.scripts : packages.get(workspace)?.scripts;
        if (!script || scripts?.[script] === undefined)
          missing.push(`${name}: npm run ${script ?? "?"} (${workspace ?? "root"})`);
      }
    }
    expect(found).toBeGreaterThan(0);
    expect(missing, `scripts not found: ${missing.join("; ")}`).toEqual([]);
  });

  it("passes each app only variables its src/env.ts reads", () => {
    const unknown: string[] = [];
    for (const [name, service] of services) {
      const app = appOf(service);
      if (app === undefined) continue;
      const read = envVariables(app);
      for (const variable of environmentNames(service)) {
        if (!read.has(variable)) unknown.push(`${name} sets ${variable}, which apps/${app}/src/env.ts does not read`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("runs Redis with infra/redis.conf: AOF fsynced on every write and noeviction", () => {
    const redis = services.find(([, service]) => service.image?.startsWith("redis:"))?.[1];
    expect(redis).toBeDefined();
    const command = commandText(redis!);
    const mount = (redis!.volumes ?? [])
      .filter((volume): volume is string => typeof volume === "string")
      .map((volume) => volume.split(":"))
      .find(([source]) => source === "./infra/redis.conf");
    expect(mount, "infra/redis.conf is not mounted into the redis service").toBeDefined();
    expect(command, "redis-server is not started with the mounted redis.conf").toContain(`redis-server ${mount![1]!}`);
    const conf = redisConf(join(ROOT, "infra/redis.conf"));
    expect(conf.get("appendonly")).toBe("yes");
    expect(conf.get("appendfsync")).toBe("always");
    expect(conf.get("maxmemory-policy")).toBe("noeviction");
  });

  it("health-checks every long-running service; only one-shot steps go without", () => {
    for (const [name, service] of services) {
      if (service.restart === "no") {
        const dependents = services.filter(([, other]) => dependsOn(other)[name] !== undefined);
        expect(dependents.length, `one-shot ${name} is a dependency of nothing`).toBeGreaterThan(0);
        for (const [other, otherService] of dependents) {
          expect(dependsOn(otherService)[name], `${other} must wait for ${name} to complete`).toBe(
            "service_completed_successfully",
          );
        }
        continue;
      }
      const test = service.healthcheck?.test;
      expect(
        service.healthcheck?.disable !== true && test !== undefined && test.length > 0,
        `${name} has no healthcheck`,
      ).toBe(true);
      const app = appOf(service);
      if (app !== undefined) {
        const [variable, fallback] = DEFAULT_APP_PORTS[app] ?? ["", 0];
        const port = environmentValue(service, variable) ?? String(fallback);
        const text = Array.isArray(test) ? test.join(" ") : (test ?? "");
        expect(text, `${name}'s healthcheck does not ask its own /readyz`).toContain(`:${port}/readyz`);
      }
    }
  });

  it("starts apps only after migrate completed and Postgres and Redis are healthy", () => {
    const postgres = services.find(([, service]) => service.image?.startsWith("postgres:"))?.[0] ?? "postgres";
    const redis = services.find(([, service]) => service.image?.startsWith("redis:"))?.[0] ?? "redis";
    expect(dependsOn(compose.services.migrate!)[postgres]).toBe("service_healthy");
    for (const [name, service] of services) {
      if (appOf(service) === undefined) continue;
      expect(dependsOn(service), name).toMatchObject({
        migrate: "service_completed_successfully",
        [redis]: "service_healthy",
      });
    }
  });

  const unavailable = dockerComposeUnavailable();
  it.skipIf(unavailable !== undefined)(
    `is accepted by \`docker compose config -q\`${unavailable === undefined ? "" : ` (skipped: ${unavailable})`}`,
    () => {
      const result = spawnSync("docker", ["compose", "-f", join(ROOT, "docker-compose.yml"), "config", "-q"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    },
  );
});

describe("infra/Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "infra/Dockerfile"), "utf8");

  it("uses Node >= 20 and the npm version pinned by packageManager (it honours allowScripts)", () => {
    expect(/^FROM node:(\d+)/m.exec(dockerfile)?.[1]).toSatisfy((major: string | undefined) => Number(major) >= 20);
    const pinned = /^npm@(.+)$/.exec(rootPackage.packageManager ?? "")?.[1];
    expect(pinned, 'package.json has no "packageManager": "npm@..."').toBeDefined();
    expect(dockerfile).toContain(`npm@${pinned!}`);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toContain("npm run build -w @tollgate/console");
  });

  it("is built without local state (.dockerignore)", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim());
    for (const entry of ["**/node_modules", "**/dist", "**/.turbo", ".data", ".git"]) expect(ignored).toContain(entry);
  });
});
