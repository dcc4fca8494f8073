/**
 * Who may call what: agents by API key, reviewers and admins by their engine identity
 * accounts, and the encryption of secrets kept at rest.
 */
package dev.hitl.security;
