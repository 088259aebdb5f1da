DROP INDEX enrollments_live;
