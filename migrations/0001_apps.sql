CREATE TABLE `app_streams` (
	`app_id` text NOT NULL,
	`stream_id` text NOT NULL,
	PRIMARY KEY(`app_id`, `stream_id`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `app_streams_stream` ON `app_streams` (`stream_id`);--> statement-breakpoint
CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`create_time` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apps_project_name` ON `apps` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `checkpoint_purges` (
	`app_id` text NOT NULL,
	`stream_id` text NOT NULL,
	`partition_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`app_id`, `stream_id`)
);
