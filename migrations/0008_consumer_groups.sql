CREATE TABLE `group_streams` (
	`app_id` text NOT NULL,
	`stream_id` text NOT NULL,
	PRIMARY KEY(`app_id`, `stream_id`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_streams_stream` ON `group_streams` (`stream_id`);