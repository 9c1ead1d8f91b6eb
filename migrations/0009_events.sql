CREATE TABLE `event_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`event_types` text NOT NULL,
	`levels` text NOT NULL,
	`resource_type` text,
	`resource_names` text,
	`webhook_url` text NOT NULL,
	`secret` text NOT NULL,
	`enabled` integer NOT NULL,
	`create_time` integer NOT NULL,
	`update_time` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_subscriptions_project_name` ON `event_subscriptions` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`type` text NOT NULL,
	`level` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`resource_name` text NOT NULL,
	`time` integer NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_project_id` ON `events` (`project_id`,`id`);