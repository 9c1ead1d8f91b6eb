/** The file types a task may ask for, checked against the stream (OBS and MRS descriptors). */
import { disError } from "../../errors/dis-error";
import type { StreamRow } from "../../streams/repository";
import { SUPPORTED_FILE_TYPES, type FileType } from "../descriptor";
import { parquetColumns, type ParquetColumn } from "../formats/parquet";

/** `destination_file_type` as this deployment writes it, or DIS.4200 naming `field`. */
export function checkedFileType(stream: StreamRow, fileType: string, field: string): FileType {
  if (fileType === "carbon") {
    throw disError("DIS.4200", `${field}: carbon files cannot be written by this deployment; supported: ${SUPPORTED_FILE_TYPES.join(", ")}.`);
  }
  if (fileType === "parquet" && (stream.dataType !== "JSON" || !parquetColumns(stream.dataSchema))) {
    throw disError("DIS.4200", `${field}: parquet needs a JSON stream whose data_schema is an Avro record.`);
  }
  return fileType as FileType;
}

/** The Parquet columns a run writes with, or a reason it cannot (the stream's schema changed since the task was made). */
export function columnsFor(stream: StreamRow, fileType: FileType): ParquetColumn[] | null | string {
  if (fileType !== "parquet") return null;
  return parquetColumns(stream.dataSchema) ?? "The stream's data_schema does not describe a record.";
}
