/**
 * Answers from reviewer emails: personal, single-use answer links minted as an email is
 * rendered, and the anonymous pages behind them, where a GET only shows and asks to
 * confirm and the POST answers through the same review actions as the portal.
 */
package dev.hitl.emailaction;
