ALTER TABLE `partition_scalings` ADD `routing_epoch` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `partition_scalings_epoch` ON `partition_scalings` (`stream_id`,`routing_epoch`);