-- Per-host commands, run on the drone: power on, off and reset (a repair runs the reset), and the
-- console (its output is kept as console.log while a session runs), like LAVA's
-- connection_command.
ALTER TABLE hosts ADD COLUMN power_on_command VARCHAR(1000);
ALTER TABLE hosts ADD COLUMN power_off_command VARCHAR(1000);
ALTER TABLE hosts ADD COLUMN power_reset_command VARCHAR(1000);
ALTER TABLE hosts ADD COLUMN console_command VARCHAR(1000);
