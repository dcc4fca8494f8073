/**
 * What reviewers do with a consultation: list what they may act on, claim, unclaim and
 * respond. Every action completes the same engine task Tasklist would.
 */
package dev.hitl.review;
