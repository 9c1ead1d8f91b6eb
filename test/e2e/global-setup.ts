/** Starts the local service as `npm start` does and hands its address to the end-to-end tests. */
import type { TestProject } from "vitest/node";
import { startLocalService } from "../../scripts/local-service";

declare module "vitest" {
  export interface ProvidedContext {
    disEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const service = await startLocalService();
  project.provide("disEndpoint", service.endpoint);
  return () => service.stop();
}
