CREATE TABLE `transfer_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`stream_id` text NOT NULL,
	`name` text NOT NULL,
	`destination_type` text NOT NULL,
	`state` text NOT NULL,
	`descriptor` text NOT NULL,
	`create_time` integer NOT NULL,
	`update_time` integer NOT NULL,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfer_tasks_stream_name` ON `transfer_tasks` (`stream_id`,`name`);--> statement-breakpoint
CREATE INDEX `transfer_tasks_state` ON `transfer_tasks` (`state`);