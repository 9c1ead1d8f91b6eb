/** The real Huawei Cloud client (`@huaweicloud/huaweicloud-sdk-core`) pointed at the local service. */
import { BasicCredentials, Region } from "@huaweicloud/huaweicloud-sdk-core";
import { ClientBuilder } from "@huaweicloud/huaweicloud-sdk-core/ClientBuilder";
import type { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { inject } from "vitest";

export const DEV = { ak: "DEVAK000000000000001", sk: "devsk0000000000000000000000000000000001", project: "devproject" };

export interface ClientOptions {
  ak?: string;
  sk?: string;
  project?: string;
  /** Sign with the derived-key V11 variant instead of `SDK-HMAC-SHA256 Access=`. */
  derived?: boolean;
}

export function disClient(options: ClientOptions = {}): HcClient {
  const endpoint = inject("disEndpoint");
  const credentials = new BasicCredentials()
    .withAk(options.ak ?? DEV.ak)
    .withSk(options.sk ?? DEV.sk)
    .withProjectId(options.project ?? DEV.project);
  const builder = new ClientBuilder((client: HcClient) => client).withCredential(credentials);
  if (options.derived) {
    builder.withRegion(new Region("cn-north-4", [endpoint])).withDerivedAuthServiceName("dis");
  } else {
    builder.withEndpoint(endpoint);
  }
  return builder.build();
}

export interface DisRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  query?: Record<string, string | number>;
  data?: unknown;
}

/** Sends one DIS request; `{project_id}` in the url is filled from the credential. */
export function send(client: HcClient, request: DisRequest): Promise<Record<string, any>> {
  return client.sendRequest({
    method: request.method,
    url: request.url,
    contentType: "application/json",
    pathParams: {},
    queryParams: request.query ?? {},
    headers: {},
    data: request.data as Record<string, unknown> | undefined,
  }) as Promise<Record<string, any>>;
}

export { requestDevToken } from "../../scripts/local-service";
