/**
 * Who may call what: the security chains, reviewers and admins by their engine identity
 * accounts, the agent principal (whose keys the apikey module checks), rate limits, and
 * the encryption of secrets kept at rest.
 */
package dev.hitl.security;
