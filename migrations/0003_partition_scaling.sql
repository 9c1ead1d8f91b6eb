CREATE TABLE `partition_scalings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stream_id` text NOT NULL,
	`create_timestamp` integer NOT NULL,
	`src_partition_count` integer NOT NULL,
	`target_partition_count` integer NOT NULL,
	`result_code` integer NOT NULL,
	`result_msg` text NOT NULL,
	`auto_scale` integer NOT NULL,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partition_scalings_stream` ON `partition_scalings` (`stream_id`,`create_timestamp`);--> statement-breakpoint
CREATE TABLE `routing_pushes` (
	`stream_id` text PRIMARY KEY NOT NULL,
	`routing_epoch` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `partitions` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `streams` ADD `routing_epoch` integer DEFAULT 0 NOT NULL;