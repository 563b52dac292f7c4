DROP INDEX visitors_created;
