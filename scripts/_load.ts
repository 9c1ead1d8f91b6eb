import { startLocalService } from "./local-service";
const s = await startLocalService({ TRAFFIC_CONTROL: "off", STORAGE_STATS: "on" });
console.log("READY", s.endpoint);
await new Promise((r) => setTimeout(r, 120000));
await s.stop();
