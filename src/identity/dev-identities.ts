/**
 * The identities the local service seeds (README "The development identities"), as plain data:
 * the command line, the scripts and the tests read them without loading the database layer.
 */

export interface IdentitySpec {
  domain: string;
  user: string;
  password: string;
  project: string;
  accessKey: string;
  secretKey: string;
  /** System role names or action patterns granted on the project. */
  permissions: string[];
}

/** The local development identity that `npm start` seeds (README "Quick start"). */
export const DEV_IDENTITY: IdentitySpec = {
  domain: "devdomain",
  user: "devuser",
  password: "devpassword",
  project: "devproject",
  accessKey: "DEVAK000000000000001",
  secretKey: "devsk0000000000000000000000000000000001",
  permissions: ["DIS FullAccess"],
};

/** A read-only user beside devuser in the same account and project. */
export const DEV_READER: IdentitySpec = {
  domain: "devdomain",
  user: "devreader",
  password: "devreaderpassword",
  project: "devproject",
  accessKey: "DEVAK000000000000003",
  secretKey: "devsk0000000000000000000000000000000003",
  permissions: ["DIS ReadOnlyAccess"],
};

/** A user of a second account, with full access to its own project only. */
export const DEV_OTHER_ACCOUNT: IdentitySpec = {
  domain: "devdomain2",
  user: "devuser2",
  password: "devpassword2",
  project: "devproject2",
  accessKey: "DEVAK000000000000002",
  secretKey: "devsk0000000000000000000000000000000002",
  permissions: ["DIS FullAccess"],
};

/** Every identity the local service seeds. */
export const DEV_IDENTITIES: readonly IdentitySpec[] = [DEV_IDENTITY, DEV_READER, DEV_OTHER_ACCOUNT];
