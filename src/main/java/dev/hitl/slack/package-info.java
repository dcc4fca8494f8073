/**
 * The optional Slack reviewer channel: direct messages with answer buttons to candidate
 * reviewers, the signed interaction endpoint that answers through the review actions, and
 * the update of every message once the consultation has ended.
 */
package dev.hitl.slack;
