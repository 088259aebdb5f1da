DROP VIEW rm_members;
