CREATE TABLE `lockouts` (
	`address` text PRIMARY KEY NOT NULL,
	`locked_until` integer NOT NULL,
	`locked_at` integer NOT NULL
);
