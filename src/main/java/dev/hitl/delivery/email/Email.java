package dev.hitl.delivery.email;

/** One rendered email to one recipient. */
record Email(String to, String subject, String html, String text, String messageId) {
}
