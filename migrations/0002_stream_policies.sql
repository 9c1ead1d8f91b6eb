CREATE TABLE `stream_policies` (
	`stream_id` text NOT NULL,
	`principal` text NOT NULL,
	`principal_name` text NOT NULL,
	`action_type` text NOT NULL,
	`effect` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`stream_id`, `principal`, `action_type`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
