CREATE TABLE `access_keys` (
	`access_key` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_key_encrypted` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `domains` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_name_unique` ON `domains` (`name`);--> statement-breakpoint
CREATE TABLE `grants` (
	`user_id` text NOT NULL,
	`project_id` text NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`user_id`, `project_id`, `permission`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `partition_purges` (
	`stream_id` text PRIMARY KEY NOT NULL,
	`partition_count` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `partition_purges_created` ON `partition_purges` (`created_at`);--> statement-breakpoint
CREATE TABLE `partitions` (
	`stream_id` text NOT NULL,
	`partition_index` integer NOT NULL,
	`status` text NOT NULL,
	`hash_low` text NOT NULL,
	`hash_high` text NOT NULL,
	`parent_partitions` text,
	`create_time` integer NOT NULL,
	PRIMARY KEY(`stream_id`, `partition_index`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`domain_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name_unique` ON `projects` (`name`);--> statement-breakpoint
CREATE TABLE `stream_tags` (
	`stream_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`stream_id`, `key`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `streams` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`stream_type` text NOT NULL,
	`data_type` text NOT NULL,
	`retention_hours` integer NOT NULL,
	`partition_count` integer NOT NULL,
	`auto_scale_enabled` integer NOT NULL,
	`auto_scale_min` integer NOT NULL,
	`auto_scale_max` integer NOT NULL,
	`data_schema` text,
	`compression_format` text,
	`csv_delimiter` text,
	`enterprise_project_id` text,
	`status` text NOT NULL,
	`create_time` integer NOT NULL,
	`last_modified_time` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `streams_project_name` ON `streams` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`domain_id` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_domain_name` ON `users` (`domain_id`,`name`);