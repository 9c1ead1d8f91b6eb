/**
 * The one error table: every DIS error code with its HTTP status and message.
 * Codes never change once released; messages may. `%s` marks where a detail goes.
 *
 * DIS.4100–DIS.4115 are this service's authentication codes (the reference leaves them
 * to the implementation); all answer 441 "Authentication Error" except the token
 * endpoint's wrong-password answer, which keeps IAM's 401.
 */
export const ERRORS = {
  // Authentication (441)
  "DIS.4100": { status: 441, message: "Authentication required. Sign the request with AK/SK or send X-Auth-Token. %s" },
  "DIS.4101": { status: 441, message: "Malformed Authorization header. %s" },
  "DIS.4102": { status: 441, message: "Unsupported signing algorithm. %s" },
  "DIS.4103": { status: 441, message: "The access key does not exist or is disabled. %s" },
  "DIS.4104": { status: 441, message: "The request signature does not match. %s" },
  "DIS.4105": { status: 441, message: "Missing or malformed X-Sdk-Date header. %s" },
  "DIS.4106": { status: 441, message: "X-Sdk-Date is more than 15 minutes away from the server time. %s" },
  "DIS.4107": { status: 441, message: "Invalid token. %s" },
  "DIS.4108": { status: 441, message: "The token has expired. %s" },
  "DIS.4109": { status: 441, message: "A signed header is missing from the request. %s" },
  "DIS.4110": { status: 401, message: "The username or password is wrong. %s" },
  "DIS.4111": { status: 441, message: "The body does not match X-Sdk-Content-Sha256. %s" },
  // Request and resource errors (reference §7.1)
  "DIS.4116": { status: 403, message: "Invalid RBAC. %s" },
  "DIS.4117": { status: 400, message: "Invalid Project Id. %s" },
  "DIS.4200": { status: 400, message: "Invalid request. %s" },
  "DIS.4201": { status: 400, message: "Invalid partition_id. %s" },
  "DIS.4202": { status: 400, message: "Empty request. %s" },
  "DIS.4203": { status: 400, message: "Invalid monitoring period. %s" },
  "DIS.4204": { status: 400, message: "The monitoring period cannot be longer than 7 days. %s" },
  "DIS.4205": { status: 400, message: "Stream is not running. %s" },
  "DIS.4208": { status: 400, message: "Mrs cluster is invalid. %s" },
  "DIS.4209": { status: 400, message: "Invalid metrics label. %s" },
  "DIS.4215": { status: 400, message: "Invalid cursor type. %s" },
  "DIS.4216": { status: 400, message: "Invalid sequence_number. %s" },
  "DIS.4217": { status: 400, message: "Invalid partition cursor. %s" },
  "DIS.4224": { status: 400, message: "Sequence_number out of range. %s" },
  "DIS.4225": { status: 400, message: "Expired partition cursor. %s" },
  "DIS.4226": {
    status: 400,
    message:
      "A partition iterator error occurred or a record to which the SN corresponds has expired. Try to obtain the partition iterator again. %s",
  },
  "DIS.4300": { status: 400, message: "Request error. %s" },
  "DIS.4301": { status: 400, message: "The stream does not exist. %s" },
  "DIS.4302": { status: 400, message: "Partition does not exist. %s" },
  "DIS.4303": { status: 400, message: "Exceeded traffic control limit. %s" },
  "DIS.4305": { status: 400, message: "Too many stream requests. %s" },
  "DIS.4306": { status: 400, message: "Bucket does not exist. %s" },
  "DIS.4307": { status: 400, message: "The stream already exists. %s" },
  "DIS.4308": { status: 400, message: "Insufficient quota. %s" },
  "DIS.4309": { status: 400, message: "Too many request failures. Please try again later. %s" },
  "DIS.4310": { status: 400, message: "OBS access error. %s" },
  "DIS.4319": { status: 400, message: "Partition is expired. %s" },
  "DIS.4329": { status: 400, message: "app quota exceeded. %s" },
  "DIS.4330": { status: 400, message: "app already exist. %s" },
  "DIS.4331": { status: 400, message: "app is using. %s" },
  "DIS.4332": { status: 400, message: "app not found. %s" },
  "DIS.4335": { status: 400, message: "Invalid IAM agency. %s" },
  "DIS.4336": { status: 400, message: "Invalid HDFS path. %s" },
  "DIS.4337": { status: 400, message: "The DLI database does not exist. %s" },
  "DIS.4338": { status: 400, message: "The DLI table does not exist. %s" },
  "DIS.4339": { status: 400, message: "Consumer quota exceeded. %s" },
  "DIS.4341": { status: 400, message: "The CloudTable cluster does not exist. %s" },
  "DIS.4342": { status: 400, message: "The CloudTable table does not exist. %s" },
  "DIS.4343": { status: 400, message: "The CloudTable table family does not exist. %s" },
  "DIS.4345": { status: 400, message: "Invalid CloudTable schema. %s" },
  "DIS.4348": { status: 400, message: "Invalid CloudTable openTSDB schema. %s" },
  "DIS.4350": { status: 400, message: "Invalid DWS cluster. %s" },
  "DIS.4351": { status: 400, message: "Invalid KMS userKey. %s" },
  "DIS.4354": { status: 400, message: "The transfer task does not exist. %s" },
  "DIS.4355": { status: 400, message: "The transfer task already exists. %s" },
  "DIS.4357": { status: 400, message: "Exceeded transfer task quota. %s" },
  "DIS.4360": { status: 400, message: "Invalid data schema. %s" },
  "DIS.4375": { status: 400, message: "The app does not commit checkpoint. %s" },
  "DIS.4601": { status: 400, message: "The number of resource tags has reached the maximum. %s" },
  "DIS.4602": { status: 400, message: "Invalid resource type. %s" },
  "DIS.4603": { status: 400, message: "The resource does not exist. %s" },
  "DIS.4604": { status: 400, message: "The key does not exist. %s" },
  "DIS.4605": { status: 400, message: "The action is not supported. %s" },
  // A record whose data does not fit its stream's data_type, data_schema or compression_format: this service's code.
  "DIS.4380": { status: 400, message: "The record data does not match the stream's data type. %s" },
  // Event subscriptions: this service's codes (the reference describes no such operation).
  "DIS.4390": { status: 400, message: "The event subscription does not exist. %s" },
  "DIS.4391": { status: 400, message: "Event subscription quota exceeded. %s" },
  "DIS.4392": { status: 400, message: "An event subscription of that name already exists. %s" },
  // Consumer groups: the DIS SDKs' codes for a group member's refused checkpoint commit.
  "DIS.4701": { status: 400, message: "The consumer group is rebalancing. %s" },
  "DIS.4702": { status: 400, message: "The consumer is not a member of the consumer group. %s" },
  "DIS.4703": { status: 400, message: "Illegal generation of the consumer group. %s" },
  // Paths the service does not serve, and methods a path does not take
  "DIS.4040": { status: 404, message: "The requested resource was not found. %s" },
  "DIS.4050": { status: 405, message: "Method not allowed. %s" },
  "DIS.5000": { status: 500, message: "System error. %s" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
