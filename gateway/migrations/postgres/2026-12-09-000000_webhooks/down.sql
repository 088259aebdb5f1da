DROP TABLE webhook_cursors;
DROP TABLE webhook_subscriptions;
