/**
 * Where the command finds the service and its credentials, as the cloud command lines do:
 * flags, over environment variables (DIS_ENDPOINT, DIS_AK, DIS_SK, DIS_PROJECT_ID, DIS_REGION,
 * DIS_TOKEN, DIS_PROFILE), over a profile of the config file (`<config dir>/dis/config`, INI
 * with one section per profile, written by `dis configure`). With nothing set, the local
 * service and its development identity.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import ini from "ini";
import type { Connection } from "../client/api";
import { DEV_IDENTITY } from "../src/identity/dev-identities";
import { localEndpoint } from "../scripts/local-endpoint";

export interface Profile {
  endpoint?: string;
  ak?: string;
  sk?: string;
  project_id?: string;
  region?: string;
}

export interface ConnectionFlags {
  profile?: string;
  endpoint?: string;
  ak?: string;
  sk?: string;
  projectId?: string;
  region?: string;
  token?: string;
}

/** The config file: $DIS_CONFIG_FILE, else $XDG_CONFIG_HOME/dis/config, else ~/.config/dis/config. */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DIS_CONFIG_FILE) return env.DIS_CONFIG_FILE;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "dis", "config");
}

export function readProfiles(file: string): Record<string, Profile> {
  try {
    return ini.parse(readFileSync(file, "utf8")) as Record<string, Profile>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** Writes (or replaces) one profile, keeping the others; the file is readable by its owner only. */
export function writeProfile(file: string, name: string, profile: Profile): void {
  const profiles = readProfiles(file);
  profiles[name] = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== ""));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ini.stringify(profiles), { mode: 0o600 });
}

export function isLocalEndpoint(endpoint: string): boolean {
  return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(endpoint);
}

/** The connection the flags, the environment and the profile name, in that order of precedence. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection & { region?: string } {
  const profileName = flags.profile ?? env.DIS_PROFILE ?? "default";
  const profiles = readProfiles(configFile(env));
  const profile = profiles[profileName];
  if (!profile && (flags.profile ?? env.DIS_PROFILE)) throw new UsageError(`No profile ${profileName} in ${configFile(env)} (dis configure --profile ${profileName}).`);
  const pick = (flag: string | undefined, envName: string, key: keyof Profile) => flag ?? env[envName] ?? profile?.[key];
  const endpoint = (pick(flags.endpoint, "DIS_ENDPOINT", "endpoint") ?? localEndpoint(env)).replace(/\/$/, "");
  const local = isLocalEndpoint(endpoint);
  const ak = pick(flags.ak, "DIS_AK", "ak") ?? (local ? DEV_IDENTITY.accessKey : undefined);
  const sk = pick(flags.sk, "DIS_SK", "sk") ?? (local ? DEV_IDENTITY.secretKey : undefined);
  const projectId = pick(flags.projectId, "DIS_PROJECT_ID", "project_id") ?? (local ? DEV_IDENTITY.project : undefined);
  if (!projectId) throw new UsageError("No project id: dis configure, DIS_PROJECT_ID or --project-id.");
  const token = flags.token ?? env.DIS_TOKEN;
  const region = pick(flags.region, "DIS_REGION", "region");
  return { endpoint, projectId, region, ...(token ? { token } : ak && sk ? { keys: { ak, sk } } : {}) };
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}
