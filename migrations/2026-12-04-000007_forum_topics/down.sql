-- The topics are forgotten: the bot then creates a new one for a ticket it posts about.
DROP TABLE forum_topics;
